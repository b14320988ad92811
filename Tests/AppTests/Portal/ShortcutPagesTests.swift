import App
import Foundation
import Storage
import TestSupport
import Testing

/// `/start/shortcuts/new`: builds links only from what the user holds, explains refusals beside the
/// field, and the link it shows opens the console.
struct ShortcutPagesTests {
    private func run(_ body: (PorticoApp, Browser) throws -> Void) throws {
        try withPortico(baseURL: ConsoleLaunchTests.baseURL) { app, _ in
            try app.apply(ConsoleLaunchTests.directory)
            let alice = Browser(port: app.server.port)
            #expect(try alice.signIn("alice@example.com", "alice-password-1").status == 303)
            try body(app, alice)
        }
    }

    private static func build(_ fields: [(String, String)]) -> String {
        "/start/shortcuts/new?build=1&" + fields.map { "\($0.0)=\(Browser.encode($0.1))" }.joined(separator: "&")
    }

    @Test func offersOnlyTheUsersAccountsAndRoles() throws {
        try run { _, alice in
            let page = try alice.get("/start/shortcuts/new?account_id=222222222222&role_name=Admin")
            #expect(page.status == 200)
            let accounts = page.text.matches(of: /<option value="(\d{12})"( selected)?>/).map { ($0.1, $0.2 != nil) }
            #expect(accounts.map { String($0.0) } == ["222222222222", "111111111111"])
            #expect(accounts.first { $0.0 == "222222222222" }?.1 == true, "prefilled from the query")
            #expect(!page.text.contains("secret-ledger") && !page.text.contains("333333333333"))
            #expect(page.text.contains(#"<option value="Admin" data-accounts="222222222222" selected>"#))
            #expect(page.text.contains(#"<option value="ReadOnly" data-accounts="111111111111">"#))
            #expect(page.text.contains(#"<option value="ec2">EC2</option>"#) && page.text.contains(#"<option value="eu-west-1">"#))
            #expect(!page.text.contains("shortcut-link"))
        }
    }

    @Test func buildsALinkFromAServiceAndRegion() throws {
        try run { _, alice in
            let page = try alice.get(
                Self.build([
                    ("account_id", "111111111111"), ("role_name", "ReadOnly"), ("service", "ec2"), ("region", "eu-west-1"), ("url", ""),
                ]))
            #expect(page.status == 200)
            let link = try #require(page.text.firstMatch(of: /id="shortcut-link" type="text" value="([^"]*)" readonly/)).1
            let expected =
                "http://portico.test/start/console?account_id=111111111111&role_name=ReadOnly&destination="
                + "https%3A//eu-west-1.console.aws.amazon.com/ec2/home%3Fregion%3Deu-west-1%23Instances%3A"
            #expect(LaunchPage.unescape(link) == expected)
            #expect(page.text.contains(#"data-copy="shortcut-link" hidden"#))
            #expect(
                page.text.range(of: #"<script src="/static/shortcut-copy\.[0-9a-f]{8}\.js" defer>"#, options: .regularExpression) != nil)

            // The link, on this server, opens that page of the console.
            let path = String(expected.dropFirst("http://portico.test".count))
            let launch = try LaunchPage(try alice.get(path).text)
            #expect(launch.relayState == "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:")
        }
    }

    @Test func aPastedURLWinsAndNoPageMeansNoDestination() throws {
        try run { _, alice in
            let pasted = try alice.get(
                Self.build([
                    ("account_id", "222222222222"), ("role_name", "Admin"), ("service", "ec2"),
                    ("url", " https://s3.console.aws.amazon.com/s3/buckets/my-bucket?region=us-east-1 "),
                ]))
            #expect(pasted.status == 200)
            #expect(pasted.text.contains("destination=https%3A//s3.console.aws.amazon.com/s3/buckets/my-bucket%3Fregion%3Dus-east-1\""))

            let plain = try alice.get(Self.build([("account_id", "222222222222"), ("role_name", "Admin"), ("service", "")]))
            #expect(plain.text.contains(#"value="http://portico.test/start/console?account_id=222222222222&amp;role_name=Admin" readonly"#))
        }
    }

    @Test func explainsEachRefusalBesideItsFieldAndKeepsTheValues() throws {
        try run { _, alice in
            let offConsole = try alice.get(
                Self.build([("account_id", "111111111111"), ("role_name", "ReadOnly"), ("url", "https://console.aws.amazon.com.evil.com/")])
            )
            #expect(offConsole.status == 422)
            #expect(offConsole.text.contains(#"<p class="field-error" id="destination-error">"#))
            #expect(offConsole.text.contains("is not an AWS console host"))
            #expect(offConsole.text.contains(#"value="https://console.aws.amazon.com.evil.com/""#))
            #expect(!offConsole.text.contains("shortcut-link"))

            let roleElsewhere = try alice.get(Self.build([("account_id", "111111111111"), ("role_name", "Admin")]))
            #expect(roleElsewhere.status == 422)
            #expect(roleElsewhere.text.contains(#"<p class="field-error" id="role-error">"#))

            let notMine = try alice.get(Self.build([("account_id", "333333333333"), ("role_name", "Admin")]))
            #expect(notMine.status == 422)
            #expect(notMine.text.contains(#"<p class="field-error" id="account-error">"#))
            #expect(!notMine.text.contains("secret-ledger"))
        }
    }

    /// Each role option names the accounts it is held in, which `shortcut-copy.js` narrows the list by
    /// (the browser journey runs it); the server-side check is what holds without it.
    @Test func eachRoleNamesTheAccountsItIsHeldInAndAnEmptyRoleComesFirst() throws {
        try run { app, alice in
            try app.apply(
                """
                {"assignments": [
                  {"account": "111111111111", "permission_set": "ReadOnly", "user": "alice@example.com"},
                  {"account": "111111111111", "permission_set": "Admin", "user": "alice@example.com"},
                  {"account": "222222222222", "permission_set": "Admin", "group": "ops"},
                  {"account": "333333333333", "permission_set": "Admin", "user": "bob@example.com"}
                ]}
                """)
            let page = try alice.get("/start/shortcuts/new")
            #expect(page.text.contains(#"<select id="role_name" name="role_name" data-follows-account="account_id">"#))
            let select = try #require(page.text.firstMatch(of: /id="role_name"[^>]*>([^§]*?)<\/select>/)?.1)
            let roles = select.matches(of: /<option value="([^"]*)"(?: data-accounts="([^"]*)")?( selected)?>/)
                .map { "\($0.1)=\($0.2 ?? "-")" }
            #expect(roles == ["=-", "Admin=111111111111 222222222222", "ReadOnly=111111111111"])
            #expect(page.text.contains("None: ask which of my roles there when opening"))
            let script = try #require(page.text.firstMatch(of: /<script src="(\/static\/shortcut-copy\.[0-9a-f]{8}\.js)"/)?.1)
            #expect(try alice.get(String(script)).text.contains(#"document.querySelector("[data-follows-account]")"#))
        }
    }

    /// Without JavaScript a role from another account comes back with every value the form sent, the
    /// error beside the role, and no link.
    @Test func aRoleFromAnotherAccountKeepsEveryValue() throws {
        try run { _, alice in
            let page = try alice.get(
                Self.build([
                    ("account_id", "111111111111"), ("role_name", "Admin"), ("service", "ec2"), ("region", "eu-west-1"),
                    ("url", "https://console.aws.amazon.com/s3/"),
                ]))
            #expect(page.status == 422)
            #expect(page.text.contains(#"<option value="111111111111" selected>"#))
            #expect(page.text.contains(#"<option value="Admin" data-accounts="222222222222" selected>"#))
            #expect(page.text.contains(#"<option value="ec2" selected>"#))
            #expect(page.text.contains(#"<option value="eu-west-1" selected>"#))
            #expect(page.text.contains(#"value="https://console.aws.amazon.com/s3/""#))
            #expect(
                page.text.contains(
                    #"<select id="role_name" name="role_name" data-follows-account="account_id" aria-invalid="true" aria-describedby="role-error">"#
                ))
            #expect(page.text.contains("You do not hold this role in that account"))
            #expect(!page.text.contains("shortcut-link"))
        }
    }

    /// No role makes a link without `role_name`; opening it asks which of the user's roles in the account.
    @Test func anEmptyRoleMakesALinkThatAsksForTheRole() throws {
        try run { _, alice in
            let page = try alice.get(Self.build([("account_id", "222222222222"), ("role_name", ""), ("service", "")]))
            #expect(page.status == 200)
            #expect(page.text.contains(#"value="http://portico.test/start/console?account_id=222222222222" readonly"#))
            let choose = try alice.get("/start/console?account_id=222222222222")
            #expect(choose.status == 200)
            #expect(choose.text.contains("Choose a role"))
            #expect(choose.text.contains(#"href="/start/console?account_id=222222222222&amp;role_name=Admin">Admin</a>"#))
            // The account is still checked.
            #expect(try alice.get(Self.build([("account_id", "333333333333"), ("role_name", "")])).status == 422)
        }
    }

    @Test func signedOutVisitorsSignInFirst() throws {
        try withPortico { app, _ in
            let response = try Browser(port: app.server.port).get("/start/shortcuts/new")
            #expect(response.status == 303)
            #expect(response.header("Location") == "/login?return_to=/start/shortcuts/new")
        }
    }
}
