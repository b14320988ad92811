import App
import Crypto
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// Signing in through the HTML form on a real server: cookies, messages, throttling, CSRF, `return_to`.
struct SignInTests {
    static let users = """
        {"users": [
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
          {"email": "bob@example.com", "display_name": "Bob Builder", "password": "bob-password-12", "disabled": true}
        ]}
        """

    private func auditReasons(_ app: PorticoApp, action: String = "auth.signin") throws -> [String] {
        try app.database.read { db in
            try AuditStore(db).list(AuditStore.Filter(action: action)).items.map(\.details)
        }
    }

    @Test func signInSetsTheSessionCookieWithExactAttributesAndStoresOnlyItsHash() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            let form = try browser.get("/login")
            #expect(form.status == 200)
            let csrfCookie = try #require(Browser.setCookie("portico_csrf", in: form))
            #expect(csrfCookie.hasSuffix("; Path=/; HttpOnly; SameSite=Strict"))
            #expect(form.header("Cache-Control") == "no-store")

            let response = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(response.status == 303)
            #expect(response.header("Location") == "/")
            #expect(response.header("Cache-Control") == "no-store")
            let cookie = try #require(Browser.setCookie("portico_session", in: response))
            let token = try #require(cookie.firstMatch(of: /^portico_session=([A-Za-z0-9_-]{43});/).map { String($0.1) })
            #expect(cookie == "portico_session=\(token); Max-Age=28800; Path=/; HttpOnly; SameSite=Lax")

            let stored = try app.database.read { db in
                try SessionStore(db).find(tokenHash: Token.hash(token), now: Int(Date().timeIntervalSince1970))
            }
            #expect(stored?.user.email == "alice@example.com")
            #expect(stored?.session.authMethod == .password)
            let rows: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM portal_sessions WHERE token_hash = ?", [token]) }
            #expect(rows == 0)

            let page = try browser.get("/start")
            #expect(page.text.contains("Alice Liddell"))
            #expect(page.text.contains("Session ends in"))
            #expect(page.text.contains("data-session-expires-at=\"\(stored!.session.expiresAt)\""))
            #expect(page.text.contains("/static/session."))
            #expect(page.header("Cache-Control") == "no-store")
            #expect(try auditReasons(app).contains { $0.contains("\"method\":\"password\"") })
        }
    }

    @Test func secureBaseURLMakesTheCookieSecure() throws {
        try withPortico(baseURL: "https://portico.example.com") { app, _ in
            try app.apply(Self.users)
            let response = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
            let cookie = try #require(Browser.setCookie("portico_session", in: response))
            #expect(cookie.hasSuffix("; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"))
        }
    }

    @Test func everySignInGetsANewTokenNeverTheOneSent() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            _ = try browser.signIn("alice@example.com", "alice-password-1")
            let first = try #require(browser.cookies["portico_session"])
            // A token planted before sign-in (session fixation) is replaced, not adopted.
            browser.cookies["portico_session"] = "planted-token-planted-token-planted-token-x"
            _ = try browser.signIn("alice@example.com", "alice-password-1")
            let second = try #require(browser.cookies["portico_session"])
            #expect(first != second)
            #expect(second != "planted-token-planted-token-planted-token-x")
        }
    }

    @Test(arguments: [
        ("alice@example.com", "wrong-password", "bad_password"),
        ("nobody@example.com", "alice-password-1", "unknown_user"),
        ("bob@example.com", "bob-password-12", "disabled"),
    ])
    func failedSignInShowsOneGenericMessageAndNoSession(email: String, password: String, reason: String) throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            let response = try browser.signIn(email, password)
            #expect(response.status == 200)
            #expect(response.text.contains("Email or password is incorrect."))
            #expect(response.text.contains("value=\"\(email)\""))
            #expect(!response.text.contains(password))
            #expect(Browser.setCookie("portico_session", in: response) == nil)
            let sessions: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM portal_sessions") }
            #expect(sessions == 0)
            let details = try auditReasons(app)
            #expect(details == ["{\"reason\":\"\(reason)\"}"])
        }
    }

    @Test func repeatedFailuresAreThrottledWith429AndRetryAfter() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            for _ in 0..<5 {
                #expect(try browser.signIn("alice@example.com", "wrong-password").status == 200)
            }
            let blocked = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(blocked.status == 429)
            let retryAfter = try #require(blocked.header("Retry-After").flatMap { Int($0) })
            #expect(retryAfter >= 1)
            #expect(blocked.text.contains("too many failed sign-in attempts"))
            #expect(Browser.setCookie("portico_session", in: blocked) == nil)
            #expect(try auditReasons(app).contains("{\"reason\":\"throttled\"}"))
        }
    }

    @Test func aHashMadeAtALowerCostIsReplacedAtSignInAndStillSignsIn() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let weak = PasswordHasher(cost: .init(logN: 4, blockSize: 8, parallelism: 1)).hash("alice-password-1")
            let aliceID = try app.database.write { db in
                let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                try CredentialStore(db).setPasswordHash(userID: alice.id, hash: weak, now: 1)
                return alice.id
            }
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)

            let stored = try app.database.read { try CredentialStore($0).passwordHash(userID: aliceID) }
            #expect(stored?.hasPrefix("$scrypt$ln=14,r=8,p=1$") == true)
            #expect(stored.map { PasswordHasher().verify("alice-password-1", against: $0) } == true)
            #expect(try auditReasons(app, action: "password.rehash").count == 1)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status == 303)
            #expect(try auditReasons(app, action: "password.rehash").count == 1)
        }
    }

    @Test func postsWithoutTheCSRFFieldAreRefused() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            _ = try browser.get("/login")
            let anonymous = try browser.post("/login", [("email", "alice@example.com"), ("password", "alice-password-1")])
            #expect(anonymous.status == 403)
            #expect(Browser.setCookie("portico_session", in: anonymous) == nil)
            let forged = try browser.post(
                "/login",
                [("csrf", "x" + String(repeating: "A", count: 42)), ("email", "alice@example.com"), ("password", "alice-password-1")])
            #expect(forged.status == 403)

            _ = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(try browser.post("/logout", []).status == 403)
            // The session-bound token of one session is no token for another.
            let otherBrowser = Browser(port: app.server.port)
            _ = try otherBrowser.signIn("alice@example.com", "alice-password-1")
            let otherToken = try #require(Browser.csrf(in: try otherBrowser.get("/me/sessions").text))
            #expect(try browser.post("/logout", [("csrf", otherToken)]).status == 403)
            #expect(try browser.get("/me/sessions").status == 200)
        }
    }

    @Test(arguments: ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "evil"])
    func returnToCannotLeaveTheSite(returnTo: String) throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let response = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1", returnTo: returnTo)
            #expect(response.status == 303)
            #expect(response.header("Location") == "/")
        }
    }

    @Test func returnToBringsTheUserBackToTheDeepLink() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            let bounce = try browser.get("/me/sessions")
            #expect(bounce.status == 303)
            #expect(bounce.header("Location") == "/login?return_to=/me/sessions")
            let login = try browser.get("/login?return_to=/me/sessions")
            #expect(login.text.contains("name=\"return_to\" value=\"/me/sessions\""))
            let response = try browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions")
            #expect(response.header("Location") == "/me/sessions")
        }
    }

    @Test func changingTheSessionDurationAffectsOnlyNewSessions() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let first = Browser(port: app.server.port)
            _ = try first.signIn("alice@example.com", "alice-password-1")
            try app.apply(#"{"settings": {"portal_session_duration": "PT1H"}}"#)
            let second = Browser(port: app.server.port)
            let response = try second.signIn("alice@example.com", "alice-password-1")
            #expect(Browser.setCookie("portico_session", in: response)?.contains("; Max-Age=3600; ") == true)
            let lifetimes: [Int] = try app.database.read { db in
                try db.query("SELECT expires_at - created_at AS life FROM portal_sessions ORDER BY id").map { try $0["life"] }
            }
            #expect(lifetimes == [28_800, 3_600])
            #expect(try first.get("/me/sessions").status == 200)
        }
    }

    @Test func mfaModeAlwaysWithoutADeviceLeadsToEnrolmentNotASession() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "always"}}"#)
            let response = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
            #expect(response.status == 303)
            #expect(response.header("Location") == "/mfa/enrol")
            #expect(Browser.setCookie("portico_session", in: response) == nil)
            #expect(Browser.setCookie("portico_mfa", in: response)?.contains("; Max-Age=900; ") == true)
            let sessions: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM portal_sessions") }
            #expect(sessions == 0)
        }
    }
}
