import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing
import Time

/// Someone who knows a password must not get a fresh allowance of code guesses with every sign-in or from
/// every address: the account's own limit holds across both, waits grow, and admins see the account flagged.
struct SecondFactorGuessingTests {
    /// An address allowance no single attacker address would reach: the account's limit alone must hold,
    /// as it must for an attacker with many addresses.
    private static let manyAddresses = LoginThrottle(policy: .init(freeFailuresPerAccount: 10_000, freeFailuresPerAddress: 10_000))

    private func enrolAlice(_ app: PorticoApp) throws -> [UInt8] {
        try app.addConfirmedDevice(for: "alice@example.com")
    }

    /// A new sign-in with the known password, as from a new address; returns the browser at the code step.
    private func passwordStep(_ app: PorticoApp) throws -> Browser {
        let browser = Browser(port: app.server.port)
        let response = try browser.signIn("alice@example.com", DirectoryPages.alicePassword, returnTo: "/start")
        #expect(response.header("Location") == "/mfa?return_to=/start")
        return browser
    }

    private func enterCode(_ browser: Browser, _ code: String) throws -> TestClient.Response {
        try browser.submit("/mfa?return_to=/start", to: "/mfa", [("code", code), ("return_to", "/start")])
    }

    /// A code that is not the current one, nor one of its neighbours.
    private func wrongCode(_ secret: [UInt8], at now: Int) -> String {
        let valid = Set((-1...1).map { TOTP.code(secret: secret, at: now + 30 * $0) })
        return (0..<10).map { String(repeating: String($0), count: 6) }.first { !valid.contains($0) }!
    }

    @Test func wrongCodesCountPerAccountAcrossSignInsWithGrowingWaitsAndAFlagForAdmins() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock, loginThrottle: Self.manyAddresses) { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let secret = try enrolAlice(app)
            let now = { clock.clock.epochSeconds }

            // Five wrong codes over three sign-ins: each is merely "not valid".
            for codes in [2, 2, 1] {
                let browser = try passwordStep(app)
                for _ in 0..<codes { #expect(try enterCode(browser, wrongCode(secret, at: now())).status == 200) }
            }
            // A sixth sign-in with the right password brings no new allowance: the account waits 30 s,
            // even for the right code.
            let blocked = try passwordStep(app)
            let refused = try enterCode(blocked, TOTP.code(secret: secret, at: now()))
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "30")
            #expect(refused.text.contains("too many wrong codes for this account"))

            // The waits grow: 30 s, 60 s, 120 s, 240 s; the tenth wrong code flags the account.
            var waits: [String?] = []
            for wait in [30, 60, 120, 240, 480] {
                clock.advance(seconds: wait)
                let browser = try passwordStep(app)
                #expect(try enterCode(browser, wrongCode(secret, at: now())).status == 200)
                waits.append(try enterCode(browser, wrongCode(secret, at: now())).header("Retry-After"))
            }
            #expect(waits == ["60", "120", "240", "480", "960"])
            let alarms = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.mfa.guessing")).items }
            #expect(alarms.count == 1)
            #expect(alarms.first?.target == (try app.userID("alice@example.com")))
            #expect(alarms.first?.outcome == .failure)

            let root = try DirectoryPages.root(app)
            let id = try app.userID("alice@example.com")
            let userPage = try root.get("/admin/users/\(id)").text
            #expect(
                userPage.contains("Someone may be guessing this user&#39;s second-factor codes")
                    || userPage.contains("Someone may be guessing this user's second-factor codes"))
            #expect(userPage.contains("10 wrong codes since"))
            #expect(try root.get("/admin/users").text.contains("Codes guessed"))

            // After the wait the right code signs Alice in and her count starts afresh; the flag stays
            // for the admin, who dismisses it once the password is changed.
            clock.advance(seconds: 960)
            let alice = try passwordStep(app)
            #expect(try enterCode(alice, TOTP.code(secret: secret, at: now())).status == 303)
            #expect(try root.get("/admin/users/\(id)").text.contains("id=\"mfa-guessing\""))
            let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(id)").text))
            #expect(try root.post("/admin/users/\(id)/mfa/guessing/dismiss", [("csrf", csrf)]).status == 303)
            #expect(!(try root.get("/admin/users/\(id)").text.contains("id=\"mfa-guessing\"")))
            #expect(try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "mfa.guessing.dismiss")).items }.count == 1)
        }
    }

    @Test func aQuietDayStartsTheCountAfresh() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock, loginThrottle: Self.manyAddresses) { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let secret = try enrolAlice(app)
            let browser = try passwordStep(app)
            for _ in 0..<5 { #expect(try enterCode(browser, wrongCode(secret, at: clock.clock.epochSeconds)).status == 200) }
            clock.advance(seconds: 86_400)
            let later = try passwordStep(app)
            for _ in 0..<5 { #expect(try enterCode(later, wrongCode(secret, at: clock.clock.epochSeconds)).status == 200) }
            #expect(try enterCode(later, wrongCode(secret, at: clock.clock.epochSeconds)).status == 429)
        }
    }
}
