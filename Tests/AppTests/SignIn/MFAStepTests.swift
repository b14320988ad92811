import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// The second sign-in step: TOTP codes (once each) and recovery codes (once each).
struct MFAStepTests {
    /// Gives Alice a confirmed device, as the enrolment page will; returns its secret.
    private func enrol(_ app: PorticoApp, recoveryCodes: [String] = []) throws -> [UInt8] {
        try app.addConfirmedDevice(for: "alice@example.com", recoveryCodes: recoveryCodes)
    }

    private func passwordStep(_ app: PorticoApp) throws -> Browser {
        let browser = Browser(port: app.server.port)
        let response = try browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions")
        #expect(response.status == 303)
        #expect(response.header("Location") == "/mfa?return_to=/me/sessions")
        #expect(Browser.setCookie("portico_session", in: response) == nil)
        let pending = try #require(Browser.setCookie("portico_mfa", in: response))
        #expect(pending.contains("; Max-Age=300; Path=/; HttpOnly; SameSite=Strict"))
        return browser
    }

    private func enterCode(_ browser: Browser, _ code: String) throws -> TestClient.Response {
        try browser.submit("/mfa?return_to=/me/sessions", to: "/mfa", [("code", code), ("return_to", "/me/sessions")])
    }

    private func authMethods(_ app: PorticoApp) throws -> [String] {
        try app.database.read { db in try db.query("SELECT auth_method FROM portal_sessions ORDER BY id").map { try $0["auth_method"] } }
    }

    @Test func totpCodeCompletesSignInAndCannotBeReplayed() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let secret = try enrol(app)
            let browser = try passwordStep(app)
            #expect(try browser.get("/mfa").status == 200)
            let code = TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970))
            let response = try enterCode(browser, code)
            #expect(response.status == 303)
            #expect(response.header("Location") == "/me/sessions")
            #expect(Browser.setCookie("portico_session", in: response)?.contains("; Max-Age=28800; ") == true)
            #expect(Browser.setCookie("portico_mfa", in: response)?.contains("Max-Age=0") == true)
            #expect(try browser.get("/me/sessions").status == 200)

            let again = try passwordStep(app)
            let replay = try enterCode(again, code)
            #expect(replay.status == 200)
            #expect(replay.text.contains("That code is not valid."))
            #expect(Browser.setCookie("portico_session", in: replay) == nil)
            #expect(try authMethods(app) == ["password+totp"])
            let failures = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.signin")).items }
            #expect(failures.contains { $0.outcome == .failure && $0.details == #"{"reason":"mfa_failed"}"# })
        }
    }

    @Test func wrongCodeIsRefusedAndCountsTowardsTheThrottle() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            _ = try enrol(app)
            let browser = try passwordStep(app)
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try enterCode(browser, "000000").status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 })
            #expect(statuses.last == 429)
            #expect(try authMethods(app).isEmpty)
        }
    }

    @Test func recoveryCodeWorksOnce() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let codes = RecoveryCode.generate(count: 2)
            _ = try enrol(app, recoveryCodes: codes)
            let first = try enterCode(try passwordStep(app), codes[0].uppercased())
            #expect(first.status == 303)
            #expect(Browser.setCookie("portico_session", in: first) != nil)
            let second = try enterCode(try passwordStep(app), codes[0])
            #expect(second.status == 200)
            #expect(Browser.setCookie("portico_session", in: second) == nil)
            #expect(try authMethods(app) == ["password+recovery"])
        }
    }

    @Test func theMFAStepNeedsAGenuineUnexpiredPendingCookie() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let secret = try enrol(app)
            let browser = try passwordStep(app)
            let genuine = try #require(browser.cookies["portico_mfa"])
            let parts = genuine.split(separator: ".")
            // Another user id, or another expiry, under the same MAC.
            for forged in ["00000000-0000-4000-8000-000000000000.\(parts[1]).\(parts[2])", "\(parts[0]).9999999999.\(parts[2])"] {
                browser.cookies["portico_mfa"] = forged
                #expect(try browser.get("/mfa").status == 303)
                let code = TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970))
                // The form cannot be shown, so post it with the double-submit token the browser holds.
                let csrf = try #require(browser.cookies["portico_csrf"])
                let response = try browser.post("/mfa", [("csrf", csrf), ("code", code), ("return_to", "/me/sessions")])
                #expect(response.status == 303)
                #expect(response.header("Location") == "/login?return_to=/me/sessions")
                #expect(Browser.setCookie("portico_session", in: response) == nil)
            }
        }
    }
}
