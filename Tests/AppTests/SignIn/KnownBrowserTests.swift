import Crypto
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import App

/// The `new-device` setting: a browser that passed a second factor for a user skips the code step for
/// that user for 30 days, through a signed `portico_known_browser` cookie.
struct KnownBrowserTests {
    static let users = """
        {"users": [
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
          {"email": "carol@example.com", "display_name": "Carol Danvers", "password": "carol-password-1"}
        ]}
        """

    private static var now: Int { Int(Date().timeIntervalSince1970) }

    /// Gives `email` a confirmed device; returns its secret.
    private func enrol(_ app: PorticoApp, _ email: String) throws -> [UInt8] {
        try app.addConfirmedDevice(for: email)
    }

    private func userID(_ app: PorticoApp, _ email: String) throws -> String {
        try #require(try app.database.read { try UserStore($0).find(email: email) }).id
    }

    private func serverSecret(_ app: PorticoApp) throws -> ServerSecret {
        try ServerSecret.loadOrCreate(in: DataDirectory(path: app.configuration.dataDirectory))
    }

    /// Signs in with the password and, when asked, a fresh code; returns the final answer.
    @discardableResult
    private func signInWithCode(_ browser: Browser, _ email: String, _ password: String, secret: [UInt8]) throws
        -> TestClient.Response
    {
        let first = try browser.signIn(email, password)
        #expect(first.header("Location") == "/mfa")
        return try browser.submit("/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: Self.now))])
    }

    private func signOut(_ browser: Browser) throws {
        let out = try browser.submit("/me/sessions", to: "/logout", [])
        #expect(out.header("Location") == "/login")
        #expect(browser.cookies["portico_session"] == nil)
    }

    private func authMethods(_ app: PorticoApp) throws -> [String] {
        try app.database.read { db in try db.query("SELECT auth_method FROM portal_sessions ORDER BY id").map { try $0["auth_method"] } }
    }

    @Test func aBrowserThatPassedTheCodeSkipsItNextTime() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)

            let passed = try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            #expect(passed.status == 303)
            #expect(Browser.setCookie("portico_session", in: passed) != nil)
            #expect(browser.cookies["portico_known_browser"] != nil)
            try signOut(browser)
            #expect(browser.cookies["portico_known_browser"] != nil, "sign-out keeps the browser known")

            let again = try browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions")
            #expect(again.status == 303)
            #expect(again.header("Location") == "/me/sessions")
            #expect(Browser.setCookie("portico_mfa", in: again) == nil)
            #expect(Browser.setCookie("portico_session", in: again) != nil)
            #expect(Browser.setCookie("portico_known_browser", in: again) == nil, "only a second factor renews it")
            #expect(try browser.get("/me/sessions").status == 200)
            #expect(try authMethods(app) == ["password+totp", "password"])
            let signIns = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.signin")).items }
            #expect(signIns.filter { $0.details.contains(#""known_browser":true"#) }.count == 1)
            #expect(signIns.contains { $0.details.contains(#""known_browser":true"#) && $0.details.contains(#""method":"password""#) })
        }
    }

    @Test func aRecoveryCodeAlsoMakesTheBrowserKnown() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            _ = try enrol(app, "alice@example.com")
            let codes = RecoveryCode.generate(count: 1)
            try app.database.write { db in
                try MFAStore(db).replaceRecoveryCodes(
                    userID: try userID(app, "alice@example.com"), hashes: codes.map { SHA256.hexHash(Array($0.utf8)) })
            }
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa")
            let passed = try browser.submit("/mfa", to: "/mfa", [("code", codes[0])])
            #expect(passed.status == 303)
            #expect(Browser.setCookie("portico_known_browser", in: passed) != nil)
        }
    }

    @Test func theCookieHasExactAttributesAndSignsUserAndExpiry() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)
            let before = Self.now
            let passed = try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            let field = try #require(Browser.setCookie("portico_known_browser", in: passed))
            let value = try #require(browser.cookies["portico_known_browser"])
            #expect(field == "portico_known_browser=\(value); Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax")

            let parts = value.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            #expect(parts[0] == (try userID(app, "alice@example.com")))
            let expiry = try #require(Int(parts[1]))
            #expect(expiry >= before + 2_592_000 && expiry <= Self.now + 2_592_000)
            #expect(parts[2].count == 43)
            #expect(Base64URL.decode(parts[2])?.count == 32)
        }
    }

    @Test func theCookieIsSecureOverHTTPS() throws {
        try withPortico(baseURL: "https://portico.example.com") { app, _ in
            try app.apply(Self.users)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)
            let passed = try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            let field = try #require(Browser.setCookie("portico_known_browser", in: passed))
            #expect(field.hasSuffix("; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Lax"))
        }
    }

    @Test func anotherUsersCookieDoesNotSkipTheCode() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let aliceSecret = try enrol(app, "alice@example.com")
            _ = try enrol(app, "carol@example.com")
            let browser = Browser(port: app.server.port)
            try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: aliceSecret)
            try signOut(browser)

            let carol = try browser.signIn("carol@example.com", "carol-password-1")
            #expect(carol.header("Location") == "/mfa")
            #expect(Browser.setCookie("portico_session", in: carol) == nil)
        }
    }

    @Test func aTamperedForgedOrExpiredCookieDoesNotSkipTheCode() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let secret = try enrol(app, "alice@example.com")
            _ = try enrol(app, "carol@example.com")
            let browser = Browser(port: app.server.port)
            try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            try signOut(browser)
            let genuine = try #require(browser.cookies["portico_known_browser"])
            let parts = genuine.split(separator: ".").map(String.init)
            let alice = try userID(app, "alice@example.com")
            let carol = try userID(app, "carol@example.com")
            let server = try serverSecret(app)
            let otherServer = ServerSecret(bytes: Array(repeating: 9, count: 32))
            let flipped = String(parts[2].first == "A" ? "B" : "A") + parts[2].dropFirst()

            let credentials = try app.database.read { db in try KnownBrowserCookie.credentialFingerprint(userID: alice, db: db) }
            let rejected = [
                "\(carol).\(parts[1]).\(parts[2])",  // another user under Alice's MAC
                "\(parts[0]).\(Int(parts[1])! + 1).\(parts[2])",  // stretched expiry
                "\(parts[0]).\(parts[1]).\(flipped)",  // damaged MAC
                "\(parts[0]).\(parts[1]).",  // no MAC
                "\(parts[0]).\(parts[1])",
                "\(parts[0]).+\(parts[1]).\(parts[2])",
                genuine + ".extra",
                // expired
                KnownBrowserCookie(userID: alice, expiresAt: Self.now - 1).cookieValue(secret: server, credentials: credentials),
                KnownBrowserCookie(userID: alice, now: Self.now).cookieValue(secret: otherServer, credentials: credentials),  // another key
                KnownBrowserCookie(userID: alice, now: Self.now).cookieValue(secret: server, credentials: "stale"),  // old credentials
            ]
            for value in rejected {
                browser.cookies["portico_known_browser"] = value
                let response = try browser.signIn("alice@example.com", "alice-password-1")
                #expect(response.header("Location") == "/mfa", "\(value)")
                #expect(Browser.setCookie("portico_session", in: response) == nil)
                browser.cookies["portico_mfa"] = nil
            }
            // The genuine one still works, so the refusals above were about the changes.
            browser.cookies["portico_known_browser"] = genuine
            let accepted = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(accepted.header("Location") == "/")
            #expect(Browser.setCookie("portico_session", in: accepted) != nil)
        }
    }

    @Test func aNewPasswordForgetsTheRememberedBrowser() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)
            try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            try signOut(browser)
            #expect(browser.cookies["portico_known_browser"] != nil)
            // As an admin's "set password" would: the stored hash (and its salt) changes.
            let alice = try userID(app, "alice@example.com")
            try app.database.write { db in
                try CredentialStore(db).setPasswordHash(userID: alice, hash: PasswordHasher().hash("alice-password-2"), now: 0)
            }
            let again = try browser.signIn("alice@example.com", "alice-password-2")
            #expect(again.header("Location") == "/mfa")
            #expect(Browser.setCookie("portico_session", in: again) == nil)
        }
    }

    @Test func alwaysModeIgnoresTheCookie() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "always"}}"#)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)
            try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            try signOut(browser)
            #expect(browser.cookies["portico_known_browser"] != nil)
            let again = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(again.header("Location") == "/mfa")
            #expect(Browser.setCookie("portico_session", in: again) == nil)
        }
    }

    @Test func offModeStillAsksUsersWithADevice() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let secret = try enrol(app, "alice@example.com")
            let browser = Browser(port: app.server.port)
            try signInWithCode(browser, "alice@example.com", "alice-password-1", secret: secret)
            try signOut(browser)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa")
        }
    }

    @Test func newDeviceWithoutADeviceSignsInWithThePasswordAlone() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let browser = Browser(port: app.server.port)
            let response = try browser.signIn("alice@example.com", "alice-password-1")
            #expect(response.header("Location") == "/")
            #expect(Browser.setCookie("portico_session", in: response) != nil)
            #expect(Browser.setCookie("portico_known_browser", in: response) == nil)
            #expect(try authMethods(app) == ["password"])
        }
    }

    @Test func theCookieVerifiesOnlyForItsUserUntilItsExpiry() {
        let secret = ServerSecret(bytes: Array(repeating: 7, count: 32))
        let cookie = KnownBrowserCookie(userID: "u-1", expiresAt: 2_000)
        let value = cookie.cookieValue(secret: secret, credentials: "c-1")
        #expect(KnownBrowserCookie.vouches(for: "u-1", value: value, credentials: "c-1", secret: secret, now: 1_999))
        #expect(!KnownBrowserCookie.vouches(for: "u-1", value: value, credentials: "c-1", secret: secret, now: 2_000))
        #expect(!KnownBrowserCookie.vouches(for: "u-2", value: value, credentials: "c-1", secret: secret, now: 1_000))
        #expect(!KnownBrowserCookie.vouches(for: "u-1", value: nil, credentials: "c-1", secret: secret, now: 1_000))
        #expect(
            !KnownBrowserCookie.vouches(
                for: "u-1", value: value + String(repeating: "A", count: 300), credentials: "c-1", secret: secret, now: 1_000))
        // New credentials (a new password, a removed or reset device) forget every remembered browser.
        #expect(!KnownBrowserCookie.vouches(for: "u-1", value: value, credentials: "c-2", secret: secret, now: 1_000))
        let otherSecret = ServerSecret(bytes: Array(repeating: 8, count: 32))
        #expect(!KnownBrowserCookie.vouches(for: "u-1", value: value, credentials: "c-1", secret: otherSecret, now: 1_000))
        #expect(KnownBrowserCookie(userID: "u-1", now: 0).expiresAt == 30 * 24 * 3_600)
    }
}
