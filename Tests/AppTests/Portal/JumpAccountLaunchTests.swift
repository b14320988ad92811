import App
import Domain
import Foundation
import Storage
import Testing

/// Accounts reached through a jump account, launched through the real app: the tile's link signs the person
/// in to the jump account's role (the assertion names it, and is verified against the metadata), and the
/// page then leads them into the account's own role through AWS's switch-role page.
struct JumpAccountLaunchTests {
    static let baseURL = "http://portico.test"
    static let directory = """
        {
          "users": [
            {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1",
             "attributes": {"department": "eng", "PorticoSwitchRole": "100000000000/Everything"}},
            {"email": "bob@example.com", "display_name": "Bob", "password": "bob-password-123"}
          ],
          "accounts": [
            {"id": "100000000000", "name": "jump", "email": "aws+jump@example.com"},
            {"id": "200000000001", "name": "shop-prod", "email": "aws+shop-prod@example.com",
             "via": {"account": "100000000000", "role": "PorticoJump"}},
            {"id": "200000000002", "name": "shop-dev", "email": "aws+shop-dev@example.com", "via": {"account": "100000000000"}},
            {"id": "300000000000", "name": "ledger", "email": "aws+ledger@example.com"}
          ],
          "permission_sets": [
            {"name": "ReadOnly", "session_duration": "PT2H", "relay_state": "https://console.aws.amazon.com/ec2/home"},
            {"name": "Admin", "session_duration": "PT1H"}
          ],
          "assignments": [
            {"account": "200000000001", "permission_set": "ReadOnly", "user": "alice@example.com"},
            {"account": "200000000002", "permission_set": "Admin", "user": "alice@example.com"},
            {"account": "300000000000", "permission_set": "Admin", "user": "alice@example.com"},
            {"account": "200000000002", "permission_set": "ReadOnly", "user": "bob@example.com"}
          ]
        }
        """

    private func run(_ body: (PorticoApp) throws -> Void) throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(Self.directory)
            try app.database.write { try SettingsStore($0).setPrincipalTagAttributes(["department", "PorticoSwitchRole"], now: 0) }
            try body(app)
        }
    }

    private func alice(_ app: PorticoApp) throws -> Browser {
        try DirectoryPages.signedIn(app, "alice@example.com", "alice-password-1")
    }

    private func launchDetails(_ app: PorticoApp) throws -> [[String: Any]] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "console.launch")).items }.map(DirectoryPages.details)
    }

    @Test func aMemberAccountsTileSignsInToTheJumpRoleAndLeadsIntoItsOwnRole() throws {
        try run { app in
            let alice = try alice(app)
            let start = try alice.get("/start").text
            let tile = try #require(start.firstMatch(of: /href="(\/start\/console\?account_id=200000000001&amp;role_name=ReadOnly)"/)?.1)
            let response = try alice.get(LaunchPage.unescape(tile))
            #expect(response.status == 200)
            #expect(response.header("Cache-Control") == "no-store")
            #expect(response.header("Content-Security-Policy")?.contains("form-action 'self' https://signin.aws.amazon.com ") == true)
            // Two steps the person takes: no script posts the form on its own, since the second step needs this page.
            #expect(!response.text.contains("console-launch."))

            let page = try SwitchLaunchPage(response.text)
            #expect(page.action == "https://signin.aws.amazon.com/saml")
            #expect(page.formTarget == "portico-aws-console" && page.switchTarget == page.formTarget)
            #expect(page.relayState == "https://console.aws.amazon.com/", "AWS follows RelayState to console pages only")
            #expect(
                page.switchRoleURL
                    == "https://signin.aws.amazon.com/switchrole?account=200000000001&roleName=ReadOnly&displayName=ReadOnly%20%40%20shop-prod"
            )
            #expect(page.afterSwitch == "https://console.aws.amazon.com/ec2/home", "the permission set's relay state, once switched")
            #expect(response.text.contains("Sign in to jump as PorticoJump"))
            #expect(response.text.contains("Switch to shop-prod as ReadOnly"))
            // What the page offers is what the default allow-list accepts.
            #expect(
                try ConsoleDestination.check(page.switchRoleURL, allowedHosts: ConsoleDestination.defaultAllowedHosts).switchRole?.accountID
                    == "200000000001")

            let certificates = try MetadataDocument(try alice.get("/saml/metadata").text).certificates
            try page.assertion.verify(with: try #require(certificates.first))
            let attributes = page.assertion.attributes
            #expect(
                attributes["Role"] == "arn:aws:iam::100000000000:role/PorticoJump,arn:aws:iam::100000000000:saml-provider/Portico")
            #expect(attributes["SessionDuration"] == "7200")
            #expect(attributes["RoleSessionName"] == "alice@example.com")
            #expect(attributes["PrincipalTag:department"] == "eng")
            // The one role this jump session may switch into; an attribute of the same name cannot replace it.
            #expect(attributes["PrincipalTag:PorticoSwitchRole"] == "200000000001/ReadOnly")
            #expect(page.assertion.xml.components(separatedBy: "PrincipalTag:PorticoSwitchRole").count == 2)

            let details = try #require(try launchDetails(app).first)
            #expect(details["account_id"] as? String == "200000000001")
            #expect(details["role_name"] as? String == "ReadOnly")
            #expect(details["via_account_id"] as? String == "100000000000")
            #expect(details["via_role_name"] as? String == "PorticoJump")
            #expect(details["switch_role"] as? String == page.switchRoleURL)
            #expect(details["destination"] as? String == "https://console.aws.amazon.com/")
            #expect(details["after_switch"] as? String == "https://console.aws.amazon.com/ec2/home")
            #expect(
                try alice.get("/start").text.contains(
                    "shop-prod</strong> <span class=\"muted\">200000000001</span> · ReadOnly <span class=\"muted\">"), "a recent role")
        }
    }

    /// Without a role named on the account, the jump role is the permission set's, named by the pattern.
    @Test func withoutARoleTheJumpRoleIsNamedAfterThePermissionSet() throws {
        try run { app in
            try app.database.write { try SettingsStore($0).setRoleNamePattern("Portico-{permission_set}", now: 0) }
            let page = try SwitchLaunchPage(
                try alice(app).get(ConsoleLaunchTests.launchPath(account: "200000000002", role: "Portico-Admin")).text)
            #expect(
                page.assertion.attributes["Role"]
                    == "arn:aws:iam::100000000000:role/Portico-Admin,arn:aws:iam::100000000000:saml-provider/Portico")
            #expect(page.assertion.attributes["SessionDuration"] == "3600")
            #expect(page.assertion.attributes["PrincipalTag:PorticoSwitchRole"] == "200000000002/Portico-Admin")
            #expect(page.switchRoleURL.hasPrefix("https://signin.aws.amazon.com/switchrole?account=200000000002&roleName=Portico-Admin&"))
            #expect(page.afterSwitch == nil)
        }
    }

    /// The access decision is the member account's: holding a role in one member opens no other.
    @Test func accessIsDecidedOnTheAccountReachedNotTheJumpAccount() throws {
        try run { app in
            let bob = try DirectoryPages.signedIn(app, "bob@example.com", "bob-password-123")
            #expect(try bob.get(ConsoleLaunchTests.launchPath(account: "200000000002", role: "ReadOnly")).status == 200)
            for (account, role) in [("200000000001", "ReadOnly"), ("100000000000", "ReadOnly"), ("100000000000", "PorticoJump")] {
                let refused = try bob.get(ConsoleLaunchTests.launchPath(account: account, role: role))
                #expect(refused.status == 403, "\(account) \(role)")
                #expect(!refused.text.contains("SAMLResponse"))
            }
        }
    }

    @Test func aLinksConsolePageComesAfterTheSwitchAndASecondSwitchIsRefused() throws {
        try run { app in
            let alice = try alice(app)
            let ec2 = "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"
            let page = try SwitchLaunchPage(
                try alice.get(ConsoleLaunchTests.launchPath(account: "200000000001", role: "ReadOnly", destination: ec2)).text)
            #expect(page.relayState == "https://console.aws.amazon.com/")
            #expect(page.afterSwitch == ec2)

            let twice = try alice.get(
                ConsoleLaunchTests.launchPath(
                    account: "200000000001", role: "ReadOnly",
                    destination: "https://signin.aws.amazon.com/switchrole?account=300000000000&roleName=Admin"))
            #expect(twice.status == 400)
            #expect(!twice.text.contains("SAMLResponse"))
            #expect(twice.text.contains("This link switches role twice"))
        }
    }

    /// A switch-role link as the destination of an account signed in to directly: the same two steps, into
    /// accounts Portico lists only.
    @Test func aSwitchRoleDestinationSignsInFirstThenSwitches() throws {
        try run { app in
            let alice = try alice(app)
            let response = try alice.get(
                ConsoleLaunchTests.launchPath(
                    account: "300000000000", role: "Admin",
                    destination: "https://signin.aws.amazon.com/switchrole?roleName=Auditor&account=200000000001&displayName=Audit"))
            #expect(response.status == 200)
            let page = try SwitchLaunchPage(response.text)
            #expect(
                page.assertion.attributes["Role"] == "arn:aws:iam::300000000000:role/Admin,arn:aws:iam::300000000000:saml-provider/Portico")
            #expect(page.assertion.attributes["PrincipalTag:PorticoSwitchRole"] == nil, "not even the user attribute of that name")
            #expect(page.assertion.attributes["PrincipalTag:department"] == "eng")
            #expect(page.relayState == "https://console.aws.amazon.com/")
            #expect(
                page.switchRoleURL == "https://signin.aws.amazon.com/switchrole?account=200000000001&roleName=Auditor&displayName=Audit")
            #expect(response.text.contains("Switch to shop-prod as Auditor"))

            let unknown = try alice.get(
                ConsoleLaunchTests.launchPath(
                    account: "300000000000", role: "Admin",
                    destination: "https://signin.aws.amazon.com/switchrole?account=999999999999&roleName=Admin"))
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("which this portal does not list"))
            let malformed = try alice.get(
                ConsoleLaunchTests.launchPath(
                    account: "300000000000", role: "Admin",
                    destination:
                        "https://signin.aws.amazon.com/switchrole?account=200000000001&roleName=Admin&redirect_uri=https%3A%2F%2Fevil.com"))
            #expect(malformed.status == 400)
            #expect(malformed.text.contains("This link leads outside the AWS console"))
            let reasons = try launchDetails(app).compactMap { $0["reason"] as? String }
            #expect(reasons == ["destination_not_allowed", "destination_not_allowed"])
        }
    }

    @Test func aJumpAccountThatIsItselfRoutedIsRefusedNotFollowed() throws {
        try run { app in
            // Only SQL around the store and the schema's triggers could do this; the launch still does not chain.
            try app.database.write { db in
                try db.execute("DROP TRIGGER accounts_via_one_hop_update")
                try db.execute("UPDATE accounts SET via_account_id = '300000000000' WHERE id = '100000000000'")
            }
            let refused = try alice(app).get(ConsoleLaunchTests.launchPath(account: "200000000001", role: "ReadOnly"))
            #expect(refused.status == 400)
            #expect(!refused.text.contains("SAMLResponse"))
            #expect(try launchDetails(app).first?["reason"] as? String == "jump_account_not_set_up")
        }
    }
}

/// The two-step launch page: the sign-in form, posting into a named tab, and the switch-role link into the same tab.
struct SwitchLaunchPage {
    let action: String
    let formTarget: String
    let relayState: String
    let switchRoleURL: String
    let switchTarget: String
    let afterSwitch: String?
    let assertion: ReceivedAssertion

    init(_ html: String) throws {
        let form = try #require(html.firstMatch(of: /<form id="console-sign-in"[^>]* action="([^"]*)" target="([^"]*)"/))
        action = LaunchPage.unescape(form.1)
        formTarget = LaunchPage.unescape(form.2)
        relayState = try LaunchPage.unescape(#require(html.firstMatch(of: /name="RelayState" value="([^"]*)"/)?.1))
        let link = try #require(html.firstMatch(of: /<a id="console-switch"[^>]* href="([^"]*)" target="([^"]*)"/))
        switchRoleURL = LaunchPage.unescape(link.1)
        switchTarget = LaunchPage.unescape(link.2)
        afterSwitch = html.firstMatch(of: /<a id="console-after-switch"[^>]* href="([^"]*)"/).map { LaunchPage.unescape($0.1) }
        let response = try LaunchPage.unescape(#require(html.firstMatch(of: /name="SAMLResponse" value="([^"]*)"/)?.1))
        let xml = try #require(Data(base64Encoded: response).map { String(decoding: $0, as: UTF8.self) })
        assertion = try ReceivedAssertion(xml)
    }
}
