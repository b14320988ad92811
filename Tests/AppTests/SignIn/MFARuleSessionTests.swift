import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import App

/// A phishing-resistant rule holds for sessions already open, not only at the next sign-in: a session without a
/// security key or passkey ends on its next request once its user is in such a group, whoever put them there,
/// and a session that used a key goes on.
struct MFARuleSessionTests {
    private static func revokedBy(_ app: PorticoApp, email: String) throws -> [String?] {
        app.backgroundWriter.drain()
        return try app.database.read { db in
            let user = try #require(try UserStore(db).find(email: email))
            return try db.query("SELECT revoked_by FROM portal_sessions WHERE user_id = ? ORDER BY id", [user.id]).map {
                try $0["revoked_by"]
            }
        }
    }

    @Test func sessionsWithoutAKeyEndWhenTheirUserComesUnderThePhishingResistantRule() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(MFAPolicyTests.directory(rule: "none"))
            let alice = Browser(port: app.server.port)
            #expect(try alice.signIn("alice@example.com", "alice-password-1").header("Location") == "/")
            let carol = Browser(port: app.server.port)
            #expect(try carol.signIn("carol@example.com", "carol-password-1").header("Location") == "/")
            // Bob adds a passkey and signs in with it.
            let bobKey = SoftAuthenticator()
            let bobSetup = SecurityKeyBrowser(port: app.server.port)
            #expect(try bobSetup.browser.signIn("bob@example.com", "bob-password-12").status == 303)
            #expect(try bobSetup.register(bobKey).status == 200)
            let bobID = try app.userID("bob@example.com")
            let bob = SecurityKeyBrowser(port: app.server.port)
            let passkey = try bob.signIn(with: bobKey, page: "/login", action: "/login/passkey", userHandle: Array(bobID.utf8))
            #expect(passkey.status == 303)

            // `apply` makes the admins group (alice and bob) phishing-resistant.
            try app.apply(MFAPolicyTests.directory(rule: "phishing-resistant"))
            // Lists leave such a session out at once, before it is next used and ended.
            let aliceID = try app.userID("alice@example.com")
            #expect(try app.database.read { try SessionStore($0).list(userID: aliceID, now: Int(Date().timeIntervalSince1970)) }.isEmpty)

            let ended = try alice.get("/me/sessions")
            #expect(ended.status == 303 && ended.header("Location") == "/login?return_to=/me/sessions")
            #expect(Browser.setCookie("portico_session", in: ended)?.contains("Max-Age=0") == true, "the browser forgets the session")
            #expect(try Self.revokedBy(app, email: "alice@example.com") == ["mfa-rule"])
            let ending = try #require(
                try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "session.end")).items }.first)
            #expect(ending.actor == "mfa-rule" && ending.target == aliceID)
            #expect(ending.details.contains(#""method":"password""#))
            #expect(try bob.browser.get("/me/sessions").status == 200, "a passkey session meets the rule")
            #expect(try bobSetup.browser.get("/me/sessions").status == 303, "bob's password-only session does not")
            #expect(try carol.get("/me/sessions").status == 200, "outside the group nothing changes")
            // Signing in again leads alice to a key.
            #expect(try alice.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa/enrol")
        }
    }
}
