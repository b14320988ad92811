import App
import Commands
import Crypto
import Domain
import Foundation
import SAML
import SQLite
import Storage
import TestSupport
import Testing
import Time

/// `/start/console` through the real app: who may launch what, the signed assertion AWS receives, and
/// the refusals; plus `/saml/metadata`, which the assertion's signature is checked against.
struct ConsoleLaunchTests {
    static let baseURL = "http://portico.test"
    static let directory = """
        {
          "users": [
            {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1",
             "attributes": {"department": "eng", "cost-center": "42"}},
            {"email": "bob@example.com", "display_name": "Bob", "password": "bob-password-123"}
          ],
          "groups": [{"name": "ops", "members": ["alice@example.com"]}],
          "accounts": [
            {"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com", "ou": "root/app/prod", "environment": "prod"},
            {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com", "ou": "root/app/dev", "environment": "dev"},
            {"id": "333333333333", "name": "secret-ledger", "email": "aws+ledger@example.com", "ou": "root/ledger", "environment": "prod"}
          ],
          "permission_sets": [
            {"name": "ReadOnly", "session_duration": "PT2H", "relay_state": "https://console.aws.amazon.com/ec2/home"},
            {"name": "Admin", "session_duration": "PT1H"}
          ],
          "assignments": [
            {"account": "111111111111", "permission_set": "ReadOnly", "user": "alice@example.com"},
            {"account": "222222222222", "permission_set": "Admin", "group": "ops"},
            {"account": "333333333333", "permission_set": "Admin", "user": "bob@example.com"}
          ]
        }
        """
    static let ec2 = "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"

    private func run(_ body: (PorticoApp) throws -> Void) throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(Self.directory)
            try body(app)
        }
    }

    private func signedIn(_ app: PorticoApp, _ email: String = "alice@example.com", _ password: String = "alice-password-1") throws
        -> Browser
    {
        try DirectoryPages.signedIn(app, email, password)
    }

    static func launchPath(account: String, role: String?, destination: String? = nil) -> String {
        var path = "/start/console?account_id=" + Browser.encode(account)
        if let role { path += "&role_name=" + Browser.encode(role) }
        if let destination { path += "&destination=" + Browser.encode(destination) }
        return path
    }

    private func audit(_ app: PorticoApp, _ action: String) throws -> [AuditEvent] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: action)).items }
    }

    // MARK: Launching

    @Test func aDirectAssignmentLaunchesWithAnAssertionVerifiedAgainstTheMetadata() throws {
        try run { app in
            try app.database.write { try SettingsStore($0).setPrincipalTagAttributes(["department", "team"], now: 0) }
            let alice = try signedIn(app)
            let response = try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly", destination: Self.ec2))
            #expect(response.status == 200)
            #expect(response.header("Cache-Control") == "no-store")
            let policy = try #require(response.header("Content-Security-Policy"))
            #expect(
                policy.contains(
                    "form-action 'self' https://signin.aws.amazon.com https://console.aws.amazon.com https://*.console.aws.amazon.com"))
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))

            let launch = try LaunchPage(response.text)
            #expect(launch.action == "https://signin.aws.amazon.com/saml")
            #expect(launch.relayState == Self.ec2)
            #expect(response.text.contains("<button type=\"submit\""))
            #expect(
                response.text.range(of: #"<script src="/static/console-launch\.[0-9a-f]{8}\.js" defer>"#, options: .regularExpression)
                    != nil)

            let certificates = try MetadataDocument(try alice.get("/saml/metadata").text).certificates
            try launch.assertion.verify(with: try #require(certificates.first))
            let assertion = launch.assertion
            #expect(assertion.issuer == Self.baseURL + "/saml/metadata")
            #expect(assertion.nameID == (try app.userID("alice@example.com")))
            #expect(assertion.recipient == "https://signin.aws.amazon.com/saml")
            #expect(assertion.destination == "https://signin.aws.amazon.com/saml")
            #expect(assertion.audience == "urn:amazon:webservices")
            #expect(
                assertion.attributes["Role"]
                    == "arn:aws:iam::111111111111:role/ReadOnly,arn:aws:iam::111111111111:saml-provider/Portico")
            #expect(assertion.attributes["RoleSessionName"] == "alice@example.com")
            #expect(assertion.attributes["SessionDuration"] == "7200")
            #expect(assertion.attributes["PrincipalTag:department"] == "eng")
            #expect(assertion.attributes["PrincipalTag:cost-center"] == nil, "only the configured attributes are tags")
            #expect(assertion.attributes["PrincipalTag:team"] == nil, "an attribute the user lacks is left out")

            let events = try audit(app, "console.launch")
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.outcome == .success && event.actor == "alice@example.com")
            let details = try #require(try JSONSerialization.jsonObject(with: Data(event.details.utf8)) as? [String: Any])
            #expect(details["account_id"] as? String == "111111111111")
            #expect(details["role_name"] as? String == "ReadOnly")
            #expect(details["permission_set"] as? String == "ReadOnly")
            #expect(details["destination"] as? String == Self.ec2)
            #expect(details["session_duration"] as? Int == 7200)
        }
    }

    /// A provisioned guest's session is named by their real address, not the `#EXT#` sign-in name.
    @Test func aGuestsRoleSessionIsNamedByTheirAddress() throws {
        try run { app in
            try app.database.write { db in
                var alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                alice.email = "alice_gmail.com#EXT#@contoso.onmicrosoft.com"
                alice.source = .scim
                alice.contactEmail = "alice@gmail.com"
                try UserStore(db).update(alice)
            }
            let alice = try signedIn(app, "alice_gmail.com#EXT#@contoso.onmicrosoft.com")
            let response = try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly"))
            #expect(try LaunchPage(response.text).assertion.attributes["RoleSessionName"] == "alice@gmail.com")
        }
    }

    /// Saving refuses such a relay state now (see AdminPermissionSetPagesTests); one stored before still
    /// launches, to the console home.
    @Test func aStoredRelayStateOffTheConsoleHostsFallsBackToConsoleHome() throws {
        try run { app in
            try app.database.write { db in
                var set = try #require(try PermissionSetStore(db).find(name: "ReadOnly"))
                set.relayState = "https://intranet.example.com/wiki"
                try PermissionSetStore(db).update(set)
            }
            let alice = try signedIn(app)
            let launch = try LaunchPage(try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly")).text)
            #expect(launch.relayState == "https://console.aws.amazon.com/")
        }
    }

    @Test func aGroupAssignmentLaunchesAndDestinationsFallBackToRelayStateThenConsoleHome() throws {
        try run { app in
            let alice = try signedIn(app)
            let viaGroup = try LaunchPage(try alice.get(Self.launchPath(account: "222222222222", role: "Admin")).text)
            #expect(viaGroup.relayState == "https://console.aws.amazon.com/")
            #expect(viaGroup.assertion.attributes["SessionDuration"] == "3600")
            #expect(
                viaGroup.assertion.attributes["Role"]
                    == "arn:aws:iam::222222222222:role/Admin,arn:aws:iam::222222222222:saml-provider/Portico")

            let withRelayState = try LaunchPage(try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly")).text)
            #expect(withRelayState.relayState == "https://console.aws.amazon.com/ec2/home")
        }
    }

    @Test func settingsChangeTheSignInURLProviderAndRoleNames() throws {
        try run { app in
            try app.database.write { db in
                let settings = SettingsStore(db)
                try settings.setAWSSignInURL("https://us-east-1.signin.aws.amazon.com/saml", now: 0)
                try settings.setSAMLProviderName("PorticoProd", now: 0)
                try settings.setRoleNamePattern("Portico-{permission_set}", now: 0)
            }
            let alice = try signedIn(app)
            let response = try alice.get(Self.launchPath(account: "111111111111", role: "Portico-ReadOnly"))
            let launch = try LaunchPage(response.text)
            #expect(launch.action == "https://us-east-1.signin.aws.amazon.com/saml")
            #expect(launch.assertion.recipient == "https://us-east-1.signin.aws.amazon.com/saml")
            #expect(
                launch.assertion.attributes["Role"]
                    == "arn:aws:iam::111111111111:role/Portico-ReadOnly,arn:aws:iam::111111111111:saml-provider/PorticoProd")
            #expect(
                response.header("Content-Security-Policy")?.contains("form-action 'self' https://us-east-1.signin.aws.amazon.com ") == true)
            // Under the pattern, the bare permission set name is no role of Portico's.
            #expect(try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly")).status == 403)
        }
    }

    @Test func withoutARoleNameTheUserChoosesAmongTheirRolesInTheAccount() throws {
        try run { app in
            let alice = try signedIn(app)
            let page = try alice.get(Self.launchPath(account: "222222222222", role: nil, destination: Self.ec2))
            #expect(page.status == 200)
            let links = page.text.matches(of: /href="(\/start\/console\?[^"]*)"/).map {
                String($0.1).replacingOccurrences(of: "&amp;", with: "&")
            }
            #expect(links == ["/start/console?account_id=222222222222&role_name=Admin&destination=" + ShortcutEncoding.component(Self.ec2)])
            #expect(try LaunchPage(try alice.get(links[0]).text).relayState == Self.ec2)

            let bob = try signedIn(app, "bob@example.com", "bob-password-123")
            let none = try bob.get(Self.launchPath(account: "222222222222", role: nil))
            #expect(none.status == 403)
            #expect(!none.text.contains("app-dev"))
        }
    }

    // MARK: Refusals

    @Test func aRoleNotHeldIs403NamingOnlyWhatTheLinkAskedFor() throws {
        try run { app in
            let alice = try signedIn(app)
            for (account, role) in [
                ("111111111111", "Admin"), ("333333333333", "Admin"), ("444444444444", "ReadOnly"), ("111111111111", "No Such/Role"),
            ] {
                let response = try alice.get(Self.launchPath(account: account, role: role))
                #expect(response.status == 403, "\(account) \(role)")
                #expect(response.text.contains(account) && response.text.contains(role))
                #expect(response.text.contains("href=\"/start\""))
                #expect(!response.text.contains("SAMLResponse"))
                // Nothing about the account leaks, not even its name when it exists.
                #expect(!response.text.contains("secret-ledger") && !response.text.contains("app-prod"))
            }
            let failures = try audit(app, "console.launch").filter { $0.outcome == .failure }
            #expect(failures.count == 4)
            #expect(failures.allSatisfy { $0.details.contains("not_assigned") })
        }
    }

    /// IAM role names ignore case: with sets `Admin` and `admin` an account has one role for both, so
    /// holding `admin` must not open it. A database from before the store refused such names still has them.
    @Test func aPermissionSetSharingItsRoleNameUpToCaseIsRefused() throws {
        try run { app in
            try app.database.write { db in
                try db.execute(
                    "INSERT INTO permission_sets (id, name) VALUES (?, 'readonly')", ["00000000-0000-4000-8000-000000000001"])
                try db.execute(
                    """
                    INSERT INTO assignments (principal_type, principal_id, account_id, permission_set_id)
                    VALUES ('user', ?, '333333333333', '00000000-0000-4000-8000-000000000001')
                    """, [try app.userID("alice@example.com")])
            }
            let alice = try signedIn(app)
            for (account, role) in [("333333333333", "readonly"), ("111111111111", "ReadOnly")] {
                let response = try alice.get(Self.launchPath(account: account, role: role))
                #expect(response.status == 403, "\(account) \(role)")
                #expect(!response.text.contains("SAMLResponse"))
            }
            let failures = try audit(app, "console.launch").filter { $0.outcome == .failure }
            #expect(failures.count == 2)
            #expect(failures.allSatisfy { $0.details.contains("role_name_not_unique") })
        }
    }

    @Test func aDisabledUserCannotLaunch() throws {
        try run { app in
            let alice = try signedIn(app)
            try app.apply(
                #"{"users": [{"email": "alice@example.com", "display_name": "Alice Liddell", "disabled": true}, {"email": "bob@example.com", "display_name": "Bob"}]}"#
            )
            let response = try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly"))
            #expect(response.status == 303)
            #expect(response.header("Location")?.hasPrefix("/login?return_to=") == true)
        }
    }

    @Test func destinationsOffTheConsoleAre400AndNeverRedirected() throws {
        try run { app in
            let alice = try signedIn(app)
            for destination in [
                "https://console.aws.amazon.com.evil.com/", "https://evil.com\\@console.aws.amazon.com/",
                "https://user@console.aws.amazon.com/",
                "//console.aws.amazon.com/", "javascript:alert(1)", "http://console.aws.amazon.com/",
            ] {
                let response = try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly", destination: destination))
                #expect(response.status == 400, "\(destination)")
                #expect(response.header("Location") == nil)
                #expect(!response.text.contains("SAMLResponse"))
                #expect(response.text.contains("This link leads outside the AWS console"))
            }
            let hostRefusal = try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly", destination: "https://evil.com/"))
            #expect(hostRefusal.text.contains("The destination&#39;s host evil.com is not an AWS console host this portal opens."))
            #expect(try audit(app, "console.launch").filter { $0.details.contains("destination_not_allowed") }.count == 7)
        }
    }

    @Test func aMissingOrMalformedAccountIs400() throws {
        try run { app in
            let alice = try signedIn(app)
            for path in [
                "/start/console", "/start/console?role_name=ReadOnly", "/start/console?account_id=12345&role_name=ReadOnly",
                "/start/console?account_id=11111111111a&role_name=ReadOnly",
            ] {
                let response = try alice.get(path)
                #expect(response.status == 400, "\(path)")
                #expect(response.text.contains("12-digit AWS account id"))
            }
            let failures = try audit(app, "console.launch").filter { $0.outcome == .failure }
            #expect(failures.count == 4)
            #expect(failures.allSatisfy { $0.details.contains("malformed_account_id") })
        }
    }

    // MARK: Signed out

    @Test func aSignedOutShortcutSurvivesSignInAndContinuesToTheLaunch() throws {
        try run { app in
            let visitor = Browser(port: app.server.port)
            let shortcut = Self.launchPath(account: "111111111111", role: "ReadOnly", destination: Self.ec2)
            let redirect = try visitor.get(shortcut)
            #expect(redirect.status == 303)
            let location = try #require(redirect.header("Location"))
            #expect(location.hasPrefix("/login?return_to="))
            let returnTo = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "return_to" }?.value)
            #expect(returnTo == shortcut, "the whole query survives, destination included")

            let signedIn = try visitor.signIn("alice@example.com", "alice-password-1", returnTo: returnTo)
            #expect(signedIn.status == 303)
            #expect(signedIn.header("Location") == shortcut)
            let launch = try LaunchPage(try visitor.get(shortcut).text)
            #expect(launch.relayState == Self.ec2)
            #expect(launch.assertion.attributes["Role"]?.hasPrefix("arn:aws:iam::111111111111:role/ReadOnly,") == true)
        }
    }

    // MARK: Metadata and keys

    @Test func metadataPublishesTheSigningCertificateAndEndpoints() throws {
        try run { app in
            let response = try Browser(port: app.server.port).get("/saml/metadata")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/samlmetadata+xml")
            #expect(Array(response.body.prefix(5)) == Array("<?xml".utf8), "UTF-8 without a byte-order mark")
            let metadata = try MetadataDocument(response.text)
            #expect(metadata.entityID == Self.baseURL + "/saml/metadata")
            #expect(metadata.certificates == [TestSigningKey.credentials.certificate])
            #expect(metadata.ssoLocations == [Self.baseURL + "/start", Self.baseURL + "/start"])
            #expect(response.text.contains("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"))
        }
    }

    @Test func theFirstStartCreatesAnOwnerOnlyKeyAndAuditsIt() throws {
        try withPortico(baseURL: Self.baseURL, seedSigningKey: false) { app, log in
            let keys = try SigningKeyStore(dataDirectory: app.configuration.dataDirectory).load()
            #expect(keys.keys.count == 1)
            let mode =
                try FileManager.default.attributesOfItem(
                    atPath: app.configuration.dataDirectory + "/saml/" + keys.active.id + ".key")[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let events = try audit(app, "saml.key.create")
            #expect(events.map(\.target) == [keys.active.id])
            #expect(
                log.entries.contains { $0["message"] as? String == "created SAML signing key" && $0["key_id"] as? String == keys.active.id }
            )
            let metadata = try MetadataDocument(try Browser(port: app.server.port).get("/saml/metadata").text)
            #expect(metadata.certificates == [keys.active.certificate])
        }
    }

    @Test func aKeyReadableByOthersStopsTheStartNamingTheFile() throws {
        let data = Checkout.temporaryDirectory("bad-key")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try TestSigningKey.seed(data)
        let keys = try SigningKeyStore(dataDirectory: data).load()
        let path = data + "/saml/" + keys.active.id + ".key"
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let configuration = Configuration(listen: .init(host: "127.0.0.1", port: 0), dataDirectory: data, resourcesDirectory: Checkout.root)
        #expect {
            _ = try PorticoApp(configuration: configuration, log: CapturedLog().log)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("chmod 0600")
        }
    }

    @Test func aRotationFromTheCommandLineReachesTheRunningServer() throws {
        // The server looks at the key files at most once a second of its clock: moved by hand, not waited for.
        let clock = ManualClock()
        try withPortico(baseURL: Self.baseURL, clock: clock.clock) { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app)
            let options = KeysOptions(action: .rotate, dataDirectory: app.configuration.dataDirectory, baseURL: Self.baseURL)
            var lines: [String] = []
            #expect(KeysTool.run(options, output: { lines.append($0) }, errors: { Issue.record("\($0)") }) == 0)
            #expect(lines.contains { $0.contains("\(Self.baseURL)/saml/metadata") && $0.contains("Portico") })
            clock.advance(seconds: 1)
            let rotated = try MetadataDocument(try alice.get("/saml/metadata").text).certificates
            #expect(rotated.count == 2)
            #expect(rotated.first == TestSigningKey.credentials.certificate, "the active key still comes first")
            let before = try LaunchPage(try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly")).text)
            try before.assertion.verify(with: rotated[0])

            var activate = options
            activate.action = .activate
            #expect(KeysTool.run(activate, output: { _ in }, errors: { Issue.record("\($0)") }) == 0)
            #expect(KeysTool.run(activate, output: { _ in }, errors: { _ in }) == 1, "nothing left to activate")
            clock.advance(seconds: 1)
            let after = try LaunchPage(try alice.get(Self.launchPath(account: "111111111111", role: "ReadOnly")).text)
            try after.assertion.verify(with: rotated[1])
            #expect(throws: XMLSignatureError.self) { try after.assertion.verify(with: rotated[0]) }
            #expect(try MetadataDocument(try alice.get("/saml/metadata").text).certificates == [rotated[1], rotated[0]])

            var retire = options
            retire.action = .retire
            #expect(KeysTool.run(retire, output: { _ in }, errors: { Issue.record("\($0)") }) == 0)
            clock.advance(seconds: 1)
            #expect(try MetadataDocument(try alice.get("/saml/metadata").text).certificates == [rotated[1]])

            var list = options
            list.action = .list
            var listed: [String] = []
            #expect(KeysTool.run(list, output: { listed.append($0) }, errors: { Issue.record("\($0)") }) == 0)
            #expect(listed.count == 3 && listed[1].contains(" retired ") && listed[2].contains(" active "))

            let events = try app.database.read { try AuditStore($0).list(AuditStore.Filter(actor: "cli")).items }
            #expect(Set(events.map(\.action)) == ["saml.key.rotate", "saml.key.activate", "saml.key.retire"])
        }
    }
}

/// `QueryEncoding.component`'s rule, for building expected links.
enum ShortcutEncoding {
    static func component(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The console launch page: where its form goes and what it carries.
struct LaunchPage {
    let action: String
    let relayState: String
    let assertion: ReceivedAssertion

    init(_ html: String) throws {
        action = try Self.unescape(#require(html.firstMatch(of: /<form id="console-launch"[^>]* action="([^"]*)"/)?.1))
        let response = try Self.unescape(#require(html.firstMatch(of: /name="SAMLResponse" value="([^"]*)"/)?.1))
        relayState = try Self.unescape(#require(html.firstMatch(of: /name="RelayState" value="([^"]*)"/)?.1))
        let xml = try #require(Data(base64Encoded: response).map { String(decoding: $0, as: UTF8.self) })
        assertion = try ReceivedAssertion(xml)
    }

    static func unescape(_ text: Substring) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A signed SAML Response as AWS receives it, read with patterns independent of the code that wrote it.
struct ReceivedAssertion {
    let xml: String
    let responseID: String
    let assertionID: String
    let issuer: String
    let destination: String
    let nameID: String
    let recipient: String
    let audience: String
    let attributes: [String: String]

    init(_ xml: String) throws {
        self.xml = xml
        responseID = try String(#require(xml.firstMatch(of: /<samlp:Response [^>]*ID="([^"]+)"/)?.1))
        assertionID = try String(#require(xml.firstMatch(of: /<saml:Assertion [^>]*ID="([^"]+)"/)?.1))
        destination = try String(#require(xml.firstMatch(of: /<samlp:Response [^>]*Destination="([^"]+)"/)?.1))
        issuer = try String(#require(xml.firstMatch(of: /<saml:Issuer[^>]*>([^<]*)</)?.1))
        nameID = try String(
            #require(xml.firstMatch(of: /<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">([^<]*)</)?.1))
        recipient = try String(#require(xml.firstMatch(of: /<saml:SubjectConfirmationData [^>]*Recipient="([^"]+)"/)?.1))
        audience = try String(#require(xml.firstMatch(of: /<saml:Audience>([^<]*)</)?.1))
        var attributes: [String: String] = [:]
        for match in xml.matches(of: /Name="https:\/\/aws\.amazon\.com\/SAML\/Attributes\/([^"]+)"[^>]*><saml:AttributeValue>([^<]*)</) {
            attributes[String(match.1)] = String(match.2)
        }
        self.attributes = attributes
    }

    /// Both signatures, the Assertion's and the Response's, checked by Portico's verifier.
    func verify(with certificate: X509Certificate) throws {
        let verifier = XMLSignatureVerifier(certificate: certificate)
        try verifier.verify(xml, signedElementID: assertionID)
        try verifier.verify(xml, signedElementID: responseID)
    }
}

/// `/saml/metadata` as an IAM upload would read it.
struct MetadataDocument {
    let entityID: String
    let certificates: [X509Certificate]
    let ssoLocations: [String]

    init(_ xml: String) throws {
        entityID = try String(#require(xml.firstMatch(of: /<md:EntityDescriptor [^>]*entityID="([^"]+)"/)?.1))
        certificates = try xml.matches(of: /<ds:X509Certificate>([^<]+)</).map { match in
            try X509Certificate(der: [UInt8](try #require(Data(base64Encoded: String(match.1)))))
        }
        ssoLocations = xml.matches(of: /<md:SingleSignOnService [^>]*Location="([^"]+)"/).map { String($0.1) }
    }
}
