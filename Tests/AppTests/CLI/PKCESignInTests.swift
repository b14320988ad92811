import App
import Crypto
import Domain
import Foundation
import OIDC
import Storage
import TestSupport
import Testing
import Time

/// The authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636) that `aws sso login` uses by default
/// on CLI v2.22 and later: the consent page, the loopback redirect, and the code's single use.
struct PKCESignInTests {
    static let callback = "http://127.0.0.1/oauth/callback"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-padded-to-sixty-four-chars-xx"

    private func run(_ body: (PorticoApp, CLIClientHarness) throws -> Void) throws {
        try withPortico(baseURL: CLISignInTests.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            try body(app, CLIClientHarness(port: app.server.port))
        }
    }

    private func register(_ cli: CLIClientHarness) throws -> (id: String, secret: String) {
        try cli.register(
            name: "botocore-client-portico",
            extra: [
                "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": [Self.callback], "scopes": ["sso:account:access"],
            ])
    }

    private static func authorizePath(clientID: String, redirect: String = "http://127.0.0.1:43210/oauth/callback", state: String = "st-1")
        -> String
    {
        "/aws/oidc/authorize?response_type=code&client_id=\(Browser.encode(clientID))&redirect_uri=\(Browser.encode(redirect))"
            + "&state=\(state)&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge="
            + PKCE.challenge(for: verifier)
    }

    /// Posts the consent form shown at `path` with `decision`, returning the 303's query fields.
    private func consent(_ browser: Browser, _ path: String, decision: String = "allow") throws -> (
        location: String, query: [String: String]
    ) {
        let page = try browser.get(path)
        #expect(page.status == 200)
        let form = try #require(page.text.firstMatch(of: /<form method="post" action="\/aws\/oidc\/authorize">([\s\S]*?)<\/form>/)).1
        let fields = form.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/).map {
            (String($0.1), LaunchPage.unescape($0.2))
        }
        let answer = try browser.post("/aws/oidc/authorize", fields + [("decision", decision)])
        #expect(answer.status == 303)
        let location = try #require(answer.header("Location"))
        let components = URLComponents(string: location)
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
        return (location, query)
    }

    private func redeem(
        _ cli: CLIClientHarness, _ client: (id: String, secret: String), code: String, verifier: String = verifier,
        redirect: String = "http://127.0.0.1:43210/oauth/callback"
    ) throws -> CLIClientHarness.Reply {
        try cli.post(
            "/token",
            [
                "clientId": client.id, "clientSecret": client.secret, "grantType": "authorization_code", "code": code,
                "redirectUri": redirect, "codeVerifier": verifier,
            ])
    }

    @Test func consentRedirectsToTheLoopbackListenerAndTheVerifierRedeemsTheCodeOnce() throws {
        try run { app, cli in
            let client = try register(cli)
            let path = Self.authorizePath(clientID: client.id)
            let anonymous = try Browser(port: app.server.port).get(path)
            #expect(anonymous.status == 303)
            #expect(anonymous.header("Location")?.hasPrefix("/login?return_to=/aws/oidc/authorize%3Fresponse_type%3Dcode") == true)

            let alice = try DirectoryPages.alice(app)
            let page = try alice.get(path)
            #expect(page.text.contains("botocore-client-portico"))
            #expect(page.header("Content-Security-Policy")?.contains("form-action 'self' http://127.0.0.1:43210;") == true)
            let (location, query) = try consent(alice, path)
            #expect(location.hasPrefix("http://127.0.0.1:43210/oauth/callback?"))
            #expect(query["state"] == "st-1")
            let code = try #require(query["code"])

            #expect(try redeem(cli, client, code: code, verifier: String(Self.verifier.reversed())).errorType == "InvalidGrantException")
            let issued = try redeem(cli, client, code: code)
            #expect(issued.errorType == "InvalidGrantException", "a wrong verifier used the code up")

            let (_, second) = try consent(alice, path)
            let token = try redeem(cli, client, code: try #require(second["code"]))
            #expect(token.status == 200)
            let accessToken = token.string("accessToken")
            #expect(try cli.portal("/assignment/accounts", token: accessToken).status == 200)

            // A replayed code ends the session it made (RFC 6749 §4.1.2).
            #expect(try redeem(cli, client, code: try #require(second["code"])).errorType == "InvalidGrantException")
            #expect(try cli.portal("/assignment/accounts", token: accessToken).errorType == "UnauthorizedException")
            let reuse = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "cli.code.reuse")).items }
            #expect(reuse.count == 2)
        }
    }

    @Test func aRedirectURIOtherThanTheRegisteredOneIsNeverRedirectedTo() throws {
        try run { app, cli in
            let client = try register(cli)
            let alice = try DirectoryPages.alice(app)
            for redirect in [
                "http://127.0.0.1:43210/elsewhere", "https://attacker.example/oauth/callback", "http://localhost:43210/oauth/callback",
            ] {
                let page = try alice.get(Self.authorizePath(clientID: client.id, redirect: redirect))
                #expect(page.status == 400)
                #expect(page.header("Location") == nil)
                #expect(!page.text.contains(#"action="/aws/oidc/authorize""#))
            }
            let unknown = try alice.get(Self.authorizePath(clientID: "no-such-client-0000"))
            #expect(unknown.status == 400)
            #expect(unknown.header("Location") == nil)
        }
    }

    @Test func aDeniedConsentAndABadChallengeMethodGoBackToTheClientAsErrors() throws {
        try run { app, cli in
            let client = try register(cli)
            let alice = try DirectoryPages.alice(app)
            let (_, denied) = try consent(alice, Self.authorizePath(clientID: client.id), decision: "deny")
            #expect(denied["error"] == "access_denied")
            #expect(denied["state"] == "st-1")
            #expect(denied["code"] == nil)

            let plain = Self.authorizePath(clientID: client.id).replacingOccurrences(
                of: "code_challenge_method=S256", with: "code_challenge_method=plain")
            let refused = try alice.get(plain)
            #expect(refused.status == 303)
            #expect(refused.header("Location")?.contains("error=invalid_request") == true)
        }
    }

    @Test func aDeviceFlowClientCannotUseTheAuthorizationCodeGrant() throws {
        try run { app, cli in
            let deviceOnly = try cli.register()
            let page = try DirectoryPages.alice(app).get(Self.authorizePath(clientID: deviceOnly.id))
            #expect(page.status == 400)
            #expect(page.header("Location") == nil)
        }
    }
}
