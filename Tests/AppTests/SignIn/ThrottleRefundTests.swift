import App
import Crypto
import Domain
import Foundation
import TestSupport
import Testing
import Time

/// Every second-factor attempt counts as wrong against the account and the address until it proves right; each
/// way a right answer can arrive must give that attempt back, or people who answer correctly get paused as if
/// they were guessing. The throttle's clock is frozen, so a delay once earned never runs out during a test.
struct ThrottleRefundTests {
    /// Attempts past the account's allowance; one more than `freeFailuresPerAccount` would be paused.
    private static let rounds = Policy().freeFailuresPerAccount + 2
    private typealias Policy = LoginThrottle.Policy

    private static func frozenThrottle() -> LoginThrottle { LoginThrottle(clock: { .zero }) }

    @Test func confirmingWithACodeAgainAndAgainIsNeverPaused() throws {
        let clock = ManualClock()
        let throttle = Self.frozenThrottle()
        try withPortico(clock: clock.clock, loginThrottle: throttle) { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let secret = try app.addConfirmedDevice(for: "alice@example.com")
            let alice = Browser(port: app.server.port)
            #expect(try alice.signIn("alice@example.com", DirectoryPages.alicePassword).header("Location") == "/mfa")
            #expect(try alice.submit("/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: clock.clock.epochSeconds))]).status == 303)
            for round in 1...Self.rounds {
                clock.advance(seconds: 30)
                let code = TOTP.code(secret: secret, at: clock.clock.epochSeconds)
                let confirmed = try alice.submit(
                    "/me/confirm?return_to=%2Fme%2Fmfa", to: "/me/confirm", [("code", code), ("return_to", "/me/mfa")])
                #expect(confirmed.status == 303 && confirmed.header("Location") == "/me/mfa", "round \(round)")
                #expect(throttle.entryCounts.accounts == 0, "round \(round): the right code was given back")
            }
        }
    }

    @Test func confirmingWithASecurityKeyAgainAndAgainIsNeverPaused() throws {
        let throttle = Self.frozenThrottle()
        try withPortico(baseURL: SecurityKeyBrowser.baseURL, loginThrottle: throttle) { app, _ in
            try app.apply(SecurityKeyTests.users)
            let key = SoftAuthenticator()
            try SecurityKeyTests.aliceWithKey(app, key)
            let browser = try SecurityKeyTests.passwordStep(app)
            #expect(try browser.signIn(with: key).status == 303)
            for round in 1...Self.rounds {
                let confirmed = try browser.signIn(
                    with: key, page: "/me/confirm?return_to=/me/mfa", action: "/me/confirm/security-key")
                #expect(confirmed.status == 303, "round \(round)")
                #expect(throttle.entryCounts.accounts == 0, "round \(round): the right answer was given back")
            }
        }
    }

    /// The sign-in paths gave their attempts back before; this keeps them doing so now that one place does it.
    @Test func signingInWithAKeyOrAPasskeyAgainAndAgainIsNeverPaused() throws {
        let throttle = Self.frozenThrottle()
        try withPortico(baseURL: SecurityKeyBrowser.baseURL, loginThrottle: throttle) { app, _ in
            try app.apply(SecurityKeyTests.users)
            let key = SoftAuthenticator()
            try SecurityKeyTests.aliceWithKey(app, key)
            let aliceID = try #require(try SecurityKeyTests.storedKeys(app).first).userID
            for round in 1...Self.rounds {
                let secondStep = try SecurityKeyTests.passwordStep(app)
                #expect(try secondStep.signIn(with: key).status == 303, "round \(round)")
                let passkey = SecurityKeyBrowser(port: app.server.port)
                let response = try passkey.signIn(with: key, page: "/login", action: "/login/passkey", userHandle: Array(aliceID.utf8))
                #expect(response.status == 303, "round \(round)")
                #expect(throttle.entryCounts.accounts == 0, "round \(round)")
            }
        }
    }
}
