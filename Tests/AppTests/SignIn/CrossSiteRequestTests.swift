import App
import Storage
import Testing

/// The second layer behind the CSRF token on a real server: a form post that the browser says came from
/// another site is refused even with the right token.
struct CrossSiteRequestTests {
    private static let refusal = "This form was sent from another site, so nothing was changed."

    @Test(arguments: [
        [("Sec-Fetch-Site", "cross-site")],
        [("Sec-Fetch-Site", "same-site")],
        [("Origin", "https://evil.example")],
        [("Origin", "null")],
        [("Sec-Fetch-Site", "same-origin"), ("Origin", "https://evil.example")],
        [("Sec-Fetch-Site", "cross-site"), ("Origin", "<base URL>")],
    ])
    func aSignInSentFromAnotherSiteIsRefusedDespiteItsToken(headers: [(String, String)]) throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = Browser(port: app.server.port)
            browser.extraHeaders = headers.map { ($0.0, $0.1 == "<base URL>" ? app.configuration.baseURL : $0.1) }
            let response = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(response.status == 403)
            #expect(response.text.contains(Self.refusal))
            #expect(Browser.setCookie("portico_session", in: response) == nil)
            let events = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.signin")).items }
            #expect(events.isEmpty)
        }
    }

    @Test(arguments: [
        [("Sec-Fetch-Site", "same-origin"), ("Origin", "<base URL>")],
        [("Sec-Fetch-Site", "none")],
        [("Origin", "<base URL>")],
        [],
    ])
    func aSignInFromPorticosOwnPagesGoesThrough(headers: [(String, String)]) throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = Browser(port: app.server.port)
            browser.extraHeaders = headers.map { ($0.0, $0.1 == "<base URL>" ? app.configuration.baseURL : $0.1) }
            #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)
        }
    }

    @Test func aSignedInFormSentFromAnotherSiteChangesNothing() throws {
        try withPortico(baseURL: "https://portico.example.com") { app, _ in
            try app.apply(SignInTests.users)
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)
            let csrf = try #require(Browser.csrf(in: try browser.get("/me/sessions").text))

            browser.extraHeaders = [("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example")]
            #expect(try browser.post("/logout", [("csrf", csrf)]).status == 403)
            browser.extraHeaders = [("Origin", "http://portico.example.com")]
            #expect(try browser.post("/logout", [("csrf", csrf)]).status == 403)
            browser.extraHeaders = []
            #expect(try browser.get("/me/sessions").status == 200)

            browser.extraHeaders = [("Sec-Fetch-Site", "same-origin"), ("Origin", "https://portico.example.com")]
            #expect(try browser.post("/logout", [("csrf", csrf)]).status == 303)
            browser.extraHeaders = []
            #expect(try browser.get("/me/sessions").status == 303)
        }
    }
}
