import App
import Foundation
import Storage
import TestSupport
import Testing

/// `/me/cli`, `/me/aws-config` and `/cli/portico-sso-login.py`: the AWS CLI setup for the signed-in user's
/// roles, read from the database on each request, and the login script anyone may fetch.
struct CLISetupPagesTests {
    private func run(_ body: (PorticoApp, Browser) throws -> Void) throws {
        try withPortico(baseURL: ConsoleLaunchTests.baseURL) { app, _ in
            try app.apply(ConsoleLaunchTests.directory)
            let alice = Browser(port: app.server.port)
            #expect(try alice.signIn("alice@example.com", "alice-password-1").status == 303)
            try body(app, alice)
        }
    }

    @Test func awsConfigListsTheUsersRolesAsText() throws {
        try run { _, alice in
            let response = try alice.get("/me/aws-config")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Content-Disposition") == "inline")
            #expect(response.header("Cache-Control") == "no-store")
            let profiles = response.text.matches(of: /\[profile ([^\]]+)\]/).map { String($0.1) }
            #expect(profiles == ["app-dev-admin", "app-prod-readonly"])
            #expect(response.text.contains("sso_start_url = http://portico.test/start\n"))
            #expect(response.text.contains("  endpoint_url = http://portico.test/aws/portal\n"))
            #expect(response.text.contains("# For alice@example.com, generated "))
            #expect(!response.text.contains("333333333333") && !response.text.contains("secret-ledger"))
        }
    }

    @Test func downloadIsAnAttachmentNamedConfigAndTheRegionIsKept() throws {
        try run { _, alice in
            let response = try alice.get("/me/aws-config?download=1&region=eu-central-1")
            #expect(response.status == 200)
            #expect(response.header("Content-Disposition") == #"attachment; filename="config""#)
            #expect(response.text.contains("sso_region = eu-central-1\n") && response.text.contains("region = eu-central-1\n"))
        }
    }

    @Test func followsAccessAsItChanges() throws {
        try run { app, alice in
            try app.apply(
                ConsoleLaunchTests.directory.replacing(
                    #"{"account": "111111111111", "permission_set": "ReadOnly", "user": "alice@example.com"},"#, with: ""))
            let text = try alice.get("/me/aws-config").text
            #expect(text.contains("[profile app-dev-admin]") && !text.contains("app-prod"))
        }
    }

    @Test func setupPageShowsTheConfigCopyAndDownloadAndEachClientsCommand() throws {
        try run { _, alice in
            let page = try alice.get("/me/cli?region=eu-west-1")
            #expect(page.status == 200)
            #expect(page.header("Cache-Control") == "no-store")
            let config = try #require(page.text.firstMatch(of: /<pre class="code-block" id="aws-config"[^>]*>([^<]*)<\/pre>/)).1
            #expect(config.contains("[profile app-prod-readonly]") && config.contains("sso_region = eu-west-1"))
            #expect(page.text.contains(#"data-copy="aws-config" hidden"#))
            #expect(page.text.contains(#"href="/me/aws-config?download=1&amp;region=eu-west-1""#))
            #expect(page.text.contains("aws sso login --sso-session portico"))
            #expect(page.text.contains("curl -fsS -o portico-sso-login.py http://portico.test/cli/portico-sso-login.py?region=eu-west-1"))
            #expect(page.text.contains("aws sts get-caller-identity --profile app-dev-admin"))
            #expect(page.text.contains("export AWS_ENDPOINT_URL_SSO_OIDC=http://portico.test/aws/oidc"))
            #expect(
                page.text.range(of: #"<script src="/static/shortcut-copy\.[0-9a-f]{8}\.js" defer>"#, options: .regularExpression) != nil)
            #expect(page.text.contains(#"<a href="/me/cli">CLI setup</a>"#))
        }
    }

    @Test func setupPageSaysSoWhenTheUserHoldsNoRole() throws {
        try withPortico(baseURL: ConsoleLaunchTests.baseURL) { app, _ in
            // bob's one assignment goes to alice, so bob holds nothing
            try app.apply(ConsoleLaunchTests.directory.replacing(#""user": "bob@example.com""#, with: #""user": "alice@example.com""#))
            let bob = Browser(port: app.server.port)
            #expect(try bob.signIn("bob@example.com", "bob-password-123").status == 303)
            let page = try bob.get("/me/cli")
            #expect(page.status == 200)
            #expect(page.text.contains("no profiles yet: you hold no role in any AWS account"))
            #expect(page.text.contains("# You hold no roles in any AWS account yet"))
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() throws {
        try run { app, _ in
            let stranger = Browser(port: app.server.port)
            for path in ["/me/aws-config", "/me/cli"] {
                let response = try stranger.get(path)
                #expect(response.status == 303, "\(path)")
                #expect(response.header("Location")?.hasPrefix("/login") == true, "\(path)")
            }
        }
    }

    @Test func theLoginScriptNeedsNoSignInAndNamesThisServer() throws {
        try run { app, _ in
            let stranger = Browser(port: app.server.port)
            let script = try stranger.get("/cli/portico-sso-login.py?region=eu-west-1")
            #expect(script.status == 200)
            #expect(script.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(script.header("Content-Disposition") == #"inline; filename="portico-sso-login.py""#)
            #expect(script.text.contains("\nBASE_URL = \"http://portico.test\"\n"))
            #expect(script.text.contains("\nDEFAULT_REGION = \"eu-west-1\"\n"))
            #expect(script.text.contains("\nDEFAULT_SESSION = \"portico\"\n"))
        }
    }
}
