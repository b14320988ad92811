import AWS
import App
import Domain
import Foundation
import Glibc
import SAML
import Storage
import TestSupport
import Testing

/// `POST /start/credentials` through the real app, with an STS double: the assertion STS receives, the
/// panel's five formats, the refusals (none of which reaches STS) and STS's own errors as fixes.
struct AccessKeysTests {
    static let baseURL = "http://portico.test"

    private func run(_ body: (PorticoApp, STSDouble, CapturedLog) throws -> Void) throws {
        try STSDouble.run { sts, endpoint in
            try withPortico(baseURL: Self.baseURL, stsEndpoint: endpoint) { app, log in
                try app.apply(ConsoleLaunchTests.directory)
                try body(app, sts, log)
            }
        }
    }

    private func alice(_ app: PorticoApp) throws -> Browser {
        try DirectoryPages.signedIn(app, "alice@example.com", "alice-password-1")
    }

    /// The tile button's post, with the portal form's CSRF token.
    private func accessKeys(_ browser: Browser, account: String, role: String) throws -> TestClient.Response {
        try browser.submit("/start", to: "/start/credentials", [("access_keys", "\(account):\(role)")])
    }

    private func events(_ app: PorticoApp) throws -> [(AuditEvent, [String: Any])] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "credentials.issue")).items }.map { event in
            (event, (try JSONSerialization.jsonObject(with: Data(event.details.utf8)) as? [String: Any]) ?? [:])
        }
    }

    /// The text of every read-only field on the page, by id, unescaped.
    private func fields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for match in html.matches(of: /<textarea id="([^"]+)"[^>]*>([^<]*)<\/textarea>/) {
            fields[String(match.1)] = LaunchPage.unescape(match.2)
        }
        return fields
    }

    @Test func stsReceivesAVerifiedAssertionForExactlyTheRoleAndThePanelShowsEveryFormat() throws {
        try run { app, sts, log in
            let alice = try alice(app)
            let start = try alice.get("/start").text
            #expect(start.contains(#"formaction="/start/credentials" name="access_keys" value="111111111111:ReadOnly""#))

            let response = try accessKeys(alice, account: "111111111111", role: "ReadOnly")
            #expect(response.status == 200)
            #expect(response.header("Cache-Control") == "no-store")

            let sent = try #require(sts.requests.first)
            #expect(sts.requests.count == 1)
            #expect(sent["Action"] == "AssumeRoleWithSAML" && sent["Version"] == "2011-06-15")
            #expect(sent["RoleArn"] == "arn:aws:iam::111111111111:role/ReadOnly")
            #expect(sent["PrincipalArn"] == "arn:aws:iam::111111111111:saml-provider/Portico")
            #expect(sent["DurationSeconds"] == "7200", "the permission set's PT2H")
            let encoded = try #require(sent["SAMLAssertion"])
            let xml = try #require(Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) })
            let assertion = try ReceivedAssertion(xml)
            let certificates = try MetadataDocument(try alice.get("/saml/metadata").text).certificates
            try assertion.verify(with: try #require(certificates.first))
            #expect(assertion.issuer == Self.baseURL + "/saml/metadata")
            #expect(
                assertion.attributes["Role"] == "arn:aws:iam::111111111111:role/ReadOnly,arn:aws:iam::111111111111:saml-provider/Portico")
            #expect(xml.matches(of: /<saml:AttributeValue>arn:aws:iam::/).count == 1, "one role, no other")
            #expect(assertion.attributes["SessionDuration"] == "7200")
            #expect(assertion.attributes["RoleSessionName"] == "alice@example.com")

            let (key, secret, token) = (STSDouble.accessKeyID, STSDouble.secretAccessKey, STSDouble.sessionToken)
            let shown = fields(response.text)
            #expect(
                shown["keys-bash"]
                    == "export AWS_ACCESS_KEY_ID=\"\(key)\"\nexport AWS_SECRET_ACCESS_KEY=\"\(secret)\"\nexport AWS_SESSION_TOKEN=\"\(token)\""
            )
            #expect(
                shown["keys-fish"]
                    == "set -x AWS_ACCESS_KEY_ID \"\(key)\"\nset -x AWS_SECRET_ACCESS_KEY \"\(secret)\"\nset -x AWS_SESSION_TOKEN \"\(token)\""
            )
            #expect(
                shown["keys-powershell"]
                    == "$Env:AWS_ACCESS_KEY_ID=\"\(key)\"\n$Env:AWS_SECRET_ACCESS_KEY=\"\(secret)\"\n$Env:AWS_SESSION_TOKEN=\"\(token)\"")
            #expect(
                shown["keys-cmd"] == "set AWS_ACCESS_KEY_ID=\(key)\nset AWS_SECRET_ACCESS_KEY=\(secret)\nset AWS_SESSION_TOKEN=\(token)")
            #expect(
                shown["keys-file"]
                    == "[111111111111_ReadOnly]\naws_access_key_id=\(key)\naws_secret_access_key=\(secret)\naws_session_token=\(token)")
            #expect(response.text.contains(#"<time datetime="2030-01-02T03:04:05Z">2030-01-02 03:04 UTC</time>"#))
            #expect(response.text.contains(#"data-copy="keys-bash" hidden>Copy</button>"#))
            #expect(
                response.text.range(of: #"<script src="/static/shortcut-copy\.[0-9a-f]{8}\.js" defer>"#, options: .regularExpression) != nil
            )

            let (event, details) = try #require(try events(app).first)
            #expect(event.outcome == .success && event.actor == "alice@example.com")
            #expect(details["account_id"] as? String == "111111111111" && details["role_name"] as? String == "ReadOnly")
            #expect(details["permission_set"] as? String == "ReadOnly" && details["client"] as? String == "portal")
            #expect(details["duration"] as? Int == 7200)
            #expect(
                details["signing_key"] as? String == (try SigningKeyStore(dataDirectory: app.configuration.dataDirectory).load().active.id))
            #expect(!event.details.contains(key) && !event.details.contains(secret) && !event.details.contains(token))

            let logged = log.entries.map { "\($0)" }.joined(separator: "\n")
            #expect(logged.contains("/start/credentials"), "the request is logged")
            #expect(!logged.contains(key) && !logged.contains(secret) && !logged.contains(token), "its credentials are not")
        }
    }

    @Test func theFormFieldsNameARoleAsWellAsTheTileButton() throws {
        try run { app, sts, _ in
            let alice = try alice(app)
            let response = try alice.submit("/start", to: "/start/credentials", [("account_id", "222222222222"), ("role_name", "Admin")])
            #expect(response.status == 200)
            #expect(sts.requests.first?["RoleArn"] == "arn:aws:iam::222222222222:role/Admin")
            #expect(sts.requests.first?["DurationSeconds"] == "3600")
        }
    }

    @Test func aRoleNotHeldIsRefusedAuditedAndNeverReachesSTS() throws {
        try run { app, sts, _ in
            let alice = try alice(app)
            let notHeld = try accessKeys(alice, account: "333333333333", role: "Admin")
            let unknown = try accessKeys(alice, account: "999999999999", role: "Admin")
            let noSuchRole = try accessKeys(alice, account: "111111111111", role: "Nope")
            for response in [notHeld, unknown, noSuchRole] {
                #expect(response.status == 403)
                #expect(response.header("Cache-Control") == "no-store")
            }
            func message(_ response: TestClient.Response) -> String? {
                response.text.firstMatch(of: /<p class="error-message">([^<]*)</).map { String($0.1) }
            }
            #expect(message(notHeld) != nil && message(notHeld) == message(unknown) && message(unknown) == message(noSuchRole))
            #expect(sts.requests.isEmpty)

            let failures = try events(app)
            #expect(failures.count == 3)
            #expect(failures.allSatisfy { $0.0.outcome == .failure && $0.1["reason"] as? String == "not_assigned" })
            #expect(Set(failures.compactMap { $0.1["account_id"] as? String }) == ["333333333333", "999999999999", "111111111111"])
        }
    }

    @Test func withoutTheCSRFTokenNothingIsIssued() throws {
        try run { app, sts, _ in
            let response = try alice(app).post("/start/credentials", [("access_keys", "111111111111:ReadOnly")])
            #expect(response.status == 403)
            #expect(sts.requests.isEmpty)
        }
    }

    @Test(arguments: [
        ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", "its trust policy must allow sts:AssumeRoleWithSAML"),
        ("IDPRejectedClaim", "Invalid SAML response: signature verification failed", "Upload Portico's metadata to the provider again"),
        (
            "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            "MaxSessionDuration must be at least the permission set's session duration"
        ),
    ])
    func stsRefusalsSayWhatToFix(code: String, message: String, fix: String) throws {
        try run { app, sts, _ in
            sts.answer(with: .error(status: code == "ValidationError" ? 400 : 403, code: code, message: message))
            let response = try accessKeys(try alice(app), account: "111111111111", role: "ReadOnly")
            #expect(response.status == 502)
            #expect(response.header("Cache-Control") == "no-store")
            let text = LaunchPage.unescape(Substring(response.text))
            #expect(text.contains(fix))
            #expect(text.contains("(\(code))") && text.contains("AWS says: \(message)"))
            let (event, details) = try #require(try events(app).first)
            #expect(event.outcome == .failure)
            #expect(details["reason"] as? String == "sts_refused" && details["sts_error"] as? String == code)
            #expect(details["permission_set"] as? String == "ReadOnly" && details["duration"] as? Int == 7200)
        }
    }

    @Test func anUnreachableSTSNamesTheEndpoint() throws {
        // A port that was free a moment ago: nothing listens there.
        let socket = try LoopbackPort()
        let endpoint = try STSEndpoint.parse("http://127.0.0.1:\(socket.port)")
        socket.close()
        try withPortico(baseURL: Self.baseURL, stsEndpoint: endpoint) { app, _ in
            try app.apply(ConsoleLaunchTests.directory)
            let response = try accessKeys(try alice(app), account: "111111111111", role: "ReadOnly")
            #expect(response.status == 502)
            let text = LaunchPage.unescape(Substring(response.text))
            #expect(text.contains("AWS STS could not be reached"))
            #expect(
                text.contains("Portico could not get an answer from STS at http://127.0.0.1:\(socket.port)/: no connection could be made"))
            #expect(text.contains("PORTICO_STS_ENDPOINT"))
            let (event, details) = try #require(try events(app).first)
            #expect(event.outcome == .failure && details["reason"] as? String == "sts_unreachable")
        }
    }

    @Test func anAccountReachedThroughAJumpAccountNamesTheJumpRoleInstead() throws {
        try STSDouble.run { sts, endpoint in
            try withPortico(baseURL: Self.baseURL, stsEndpoint: endpoint) { app, _ in
                try app.apply(JumpAccountLaunchTests.directory)
                let alice = try alice(app)
                let response = try accessKeys(alice, account: "200000000001", role: "ReadOnly")
                #expect(response.status == 400)
                let text = LaunchPage.unescape(Substring(response.text))
                #expect(text.contains("jump account 100000000000") && text.contains("the role PorticoJump there"))
                #expect(sts.requests.isEmpty)
                let (_, details) = try #require(try events(app).first)
                #expect(details["reason"] as? String == "jump_account")
            }
        }
    }
}

/// A loopback TCP port bound for a moment, so a test can name a port nothing listens on once it is closed.
final class LoopbackPort {
    private var descriptor: Int32
    let port: Int

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
