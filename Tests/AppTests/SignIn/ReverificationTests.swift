import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing
import Time

/// A session cookie alone must not be enough to change how its user signs in: adding or removing an
/// authenticator, seeing new recovery codes and changing the password need the password or a code again,
/// which stays valid ten minutes.
struct ReverificationTests {
    private func devices(_ app: PorticoApp) throws -> Int {
        let id = try app.userID("alice@example.com")
        return try app.database.read { try MFAStore($0).devices(userID: id).count }
    }

    private func reverifications(_ app: PorticoApp) throws -> [AuditEvent] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.reverify")).items }
    }

    @Test func aStaleSessionIsSentToConfirmBeforeAnyChangeToHowItsUserSignsIn() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock) { app, _ in
            try app.apply(AdminUserPagesTests.users)
            // Signed in without a code (no device yet): the sign-in itself counts as a fresh proof.
            let stolen = try DirectoryPages.alice(app)
            try app.addConfirmedDevice(for: "alice@example.com")
            let csrf = try #require(Browser.csrf(in: try stolen.get("/me/sessions").text))
            #expect(try stolen.get("/me/mfa").status == 200)

            clock.advance(seconds: 10 * 60)
            let page = try stolen.get("/me/mfa")
            #expect(page.status == 303)
            #expect(page.header("Location") == "/me/confirm?return_to=/me/mfa")
            for (path, fields) in [
                ("/me/mfa/enrol", [("name", "Attacker's phone")]), ("/me/mfa/devices/1/remove", []),
                ("/me/mfa/confirm", [("device_id", "1"), ("code", "123456")]),
                ("/me/password", [("password", "attacker-password-1"), ("password_confirmation", "attacker-password-1")]),
            ] {
                let response = try stolen.post(path, [("csrf", csrf)] + fields)
                #expect(response.status == 303, "\(path)")
                #expect(response.header("Location")?.hasPrefix("/me/confirm?return_to=/me/") == true, "\(path)")
            }
            #expect(try devices(app) == 1, "nothing was added or removed")
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "attacker-password-1").status != 303)

            // The confirmation wants the real password; a wrong one is refused and audited.
            let confirmPage = try stolen.get("/me/confirm?return_to=/me/mfa")
            #expect(confirmPage.text.contains("Confirm it"))
            let wrong = try stolen.post("/me/confirm", [("csrf", csrf), ("password", "guess-password-1"), ("return_to", "/me/mfa")])
            #expect(wrong.status == 422)
            #expect(try reverifications(app).map(\.outcome) == [.failure])
            let right = try stolen.post(
                "/me/confirm", [("csrf", csrf), ("password", DirectoryPages.alicePassword), ("return_to", "/me/mfa")])
            #expect(right.status == 303 && right.header("Location") == "/me/mfa")
            #expect(try stolen.get("/me/mfa").status == 200)
            #expect(try reverifications(app).first?.details.contains(#""method":"password""#) == true)

            // Ten minutes later it is asked again.
            clock.advance(seconds: 10 * 60)
            #expect(try stolen.get("/me/mfa").status == 303)
        }
    }

    @Test func aCodeConfirmsTooAndCannotBeUsedTwice() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock) { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let secret = try app.addConfirmedDevice(for: "alice@example.com")
            let alice = Browser(port: app.server.port)
            #expect(try alice.signIn("alice@example.com", DirectoryPages.alicePassword).header("Location") == "/mfa")
            let signIn = try alice.submit("/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: clock.clock.epochSeconds))])
            #expect(signIn.status == 303)
            clock.advance(seconds: 11 * 60)
            let csrf = try #require(Browser.csrf(in: try alice.get("/me/confirm?return_to=%2Fme%2Fpassword").text))
            let code = TOTP.code(secret: secret, at: clock.clock.epochSeconds)
            let confirmed = try alice.post("/me/confirm", [("csrf", csrf), ("code", code), ("return_to", "/me/password")])
            #expect(confirmed.header("Location") == "/me/password")
            #expect(try alice.get("/me/password").status == 200)

            clock.advance(seconds: 11 * 60)
            let replay = try alice.post("/me/confirm", [("csrf", csrf), ("code", code), ("return_to", "/me/password")])
            #expect(replay.status == 422)
            #expect(try alice.get("/me/password").status == 303)
        }
    }

    /// Changing one's own password ends the other sessions and any reset link an admin sent earlier.
    @Test func changingTheOwnPasswordEndsOtherSessionsAndOlderResetLinks() throws {
        try withPortico { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let id = try app.userID("alice@example.com")
            let other = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let token = try DirectoryPages.resetLinkToken(by: root, for: id)

            let alice = try DirectoryPages.alice(app)
            let short = try alice.submit("/me/password", to: "/me/password", [("password", "short"), ("password_confirmation", "short")])
            #expect(short.status == 422)
            let changed = try alice.submit(
                "/me/password", to: "/me/password",
                [("password", "my-new-password-42"), ("password_confirmation", "my-new-password-42")])
            #expect(changed.status == 303 && changed.header("Location") == "/me/password?done=1")
            #expect(try alice.get("/me/sessions").status == 200, "this session stays")
            #expect(try other.get("/me/sessions").status == 303, "the other one ended")
            #expect(try Browser(port: app.server.port).get("/reset-password?token=\(token)").status == 404)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "my-new-password-42").status == 303)
            let event = try #require(
                try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "password.change")).items }.first)
            #expect(event.actor == "alice@example.com")
            #expect(!event.details.contains("my-new-password"))
        }
    }
}
