import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import App

/// Enrolling authenticators at `/me/mfa` and during a forced sign-in, recovery codes, and removing devices.
struct MFAEnrolmentTests {
    /// What an enrolment page offers: its secret (as shown, grouped) and the pending device's id.
    struct Shown {
        let secret: [UInt8]
        let deviceID: String
    }

    private static var now: Int { Int(Date().timeIntervalSince1970) }

    private func signedIn(_ app: PorticoApp) throws -> Browser {
        let browser = Browser(port: app.server.port)
        #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)
        #expect(browser.cookies["portico_session"] != nil)
        return browser
    }

    private func shown(_ page: TestClient.Response) throws -> Shown {
        let grouped = try #require(page.text.firstMatch(of: /id="totp-secret">([A-Z2-7 ]+)</)).1
        let deviceID = try #require(page.text.firstMatch(of: /name="device_id" value="([0-9]+)"/)).1
        return Shown(secret: try #require(Base32.decode(grouped.filter { $0 != " " })), deviceID: String(deviceID))
    }

    /// A 6-digit code that matches no step the server's ±1 window accepts.
    private func wrongCode(_ secret: [UInt8]) -> String {
        let accepted = Set((-1...1).map { TOTP.code(secret: secret, at: Self.now + 30 * $0) })
        return (0..<10).map { String(repeating: String($0), count: 6) }.first { !accepted.contains($0) }!
    }

    private func recoveryCodes(_ page: TestClient.Response) -> [String] {
        page.text.matches(of: /<li><code>([a-z0-9-]+)<\/code><\/li>/).map { String($0.1) }
    }

    private func enrolPage(_ browser: Browser) throws -> TestClient.Response {
        try browser.submit("/me/mfa", to: "/me/mfa/enrol", [("name", "Phone")])
    }

    private func confirm(_ browser: Browser, _ page: TestClient.Response, code: String) throws -> TestClient.Response {
        let csrf = try #require(Browser.csrf(in: page.text))
        return try browser.post("/me/mfa/confirm", [("csrf", csrf), ("device_id", try shown(page).deviceID), ("code", code)])
    }

    private func authMethods(_ app: PorticoApp) throws -> [String] {
        try app.database.read { db in try db.query("SELECT auth_method FROM portal_sessions ORDER BY id").map { try $0["auth_method"] } }
    }

    @Test func enrolmentPageShowsAnInlineQRCodeAndTheSecret() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let list = try browser.get("/me/mfa")
            #expect(list.status == 200)
            #expect(list.text.contains("You have no authenticator app yet"))
            let page = try enrolPage(browser)
            #expect(page.status == 200)
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.text.contains("<svg "))
            #expect(page.text.contains(#"role="img""#))
            let svg = try #require(page.text.firstMatch(of: /<svg [^>]*>.*?<\/svg>/)).0
            #expect(!svg.contains("<script") && !svg.contains("href"))
            let secret = try shown(page).secret
            #expect(secret.count == TOTP.secretLength)
            let uri = TOTP.provisioningURI(secret: secret, account: "alice@example.com", issuer: "Portico")
            #expect(page.text.contains(uri.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(page.text.contains(#"otpauth://totp/Portico:alice%40example.com?secret="#))
        }
    }

    @Test func wrongCodeReRendersTheSameEnrolmentAndARightOneGivesTenRecoveryCodes() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let page = try enrolPage(browser)
            let secret = try shown(page).secret

            let refused = try confirm(browser, page, code: wrongCode(secret))
            #expect(refused.status == 200)
            #expect(refused.text.contains(#"class="field-error""#))
            #expect(refused.text.contains("That code is not right."))
            #expect(try shown(refused).secret == secret)
            let confirmed: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM mfa_devices WHERE confirmed_at IS NOT NULL") }
            #expect(confirmed == 0)

            let accepted = try confirm(browser, page, code: TOTP.code(secret: secret, at: Self.now))
            #expect(accepted.status == 200)
            #expect(accepted.header("Cache-Control") == "no-store")
            let codes = recoveryCodes(accepted)
            #expect(codes.count == 10)
            #expect(Set(codes).count == 10)
            #expect(codes.allSatisfy { RecoveryCode.normalized($0) == $0 })

            let list = try browser.get("/me/mfa")
            #expect(list.text.contains("Phone"))
            #expect(list.text.contains("Recovery codes left: <strong>10</strong>"))
            let enrolments = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "mfa.enrol")).items }
            #expect(enrolments.count == 1)
            #expect(enrolments.first?.details.contains("Phone") == true)

            // Confirming again (a second tab, a replayed post) finds no pending device.
            #expect(try confirm(browser, page, code: TOTP.code(secret: secret, at: Self.now)).status == 404)
        }
    }

    @Test func afterEnrolmentSignInAsksForTheCodeAndTheConfirmingCodeCannotBeReplayed() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let page = try enrolPage(browser)
            let secret = try shown(page).secret
            let code = TOTP.code(secret: secret, at: Self.now)
            #expect(try confirm(browser, page, code: code).status == 200)

            let next = Browser(port: app.server.port)
            let password = try next.signIn("alice@example.com", "alice-password-1", returnTo: "/me/mfa")
            #expect(password.header("Location") == "/mfa?return_to=/me/mfa")
            #expect(Browser.setCookie("portico_session", in: password) == nil)
            let replay = try next.submit("/mfa", to: "/mfa", [("code", code), ("return_to", "/me/mfa")])
            #expect(replay.status == 200)
            #expect(replay.text.contains("That code is not valid."))
            #expect(Browser.setCookie("portico_session", in: replay) == nil)

            // The next step's code is within the window and later than the confirming step.
            let fresh = try next.submit(
                "/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: Self.now + 30)), ("return_to", "/me/mfa")])
            #expect(fresh.status == 303)
            #expect(fresh.header("Location") == "/me/mfa")
            #expect(try authMethods(app) == ["password", "password+totp"])
        }
    }

    @Test func removingTheDeviceEndsTheCodeStepAndItsRecoveryCodes() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let page = try enrolPage(browser)
            #expect(try confirm(browser, page, code: TOTP.code(secret: try shown(page).secret, at: Self.now)).status == 200)
            let deviceID = try shown(page).deviceID

            #expect(try browser.submit("/me/mfa", to: "/me/mfa/devices/9999/remove", []).status == 404)
            let removed = try browser.submit("/me/mfa", to: "/me/mfa/devices/\(deviceID)/remove", [])
            #expect(removed.status == 303)
            #expect(removed.header("Location") == "/me/mfa?removed=1")
            #expect(try browser.get("/me/mfa?removed=1").text.contains("The authenticator was removed."))
            let remaining: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM recovery_codes") }
            #expect(remaining == 0)
            let audit = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "mfa.remove")).items }
            #expect(audit.count == 1)

            let again = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
            #expect(again.header("Location") == "/")
            #expect(Browser.setCookie("portico_session", in: again) != nil)
        }
    }

    @Test func anotherUsersDeviceCannotBeRemoved() throws {
        try withPortico { app, _ in
            try app.apply(
                SignInTests.users.replacingOccurrences(
                    of: "\"alice-password-1\"},",
                    with: #""alice-password-1"}, {"email": "carol@example.com", "display_name": "Carol", "password": "carol-password-1"},"#)
            )
            let carolsDevice = try app.database.write { db in
                let carol = try #require(try UserStore(db).find(email: "carol@example.com"))
                return try MFAStore(db).addDevice(
                    userID: carol.id, name: "Carol's phone", sealedSecret: app.totpSecrets.seal(TOTP.newSecret(), userID: carol.id),
                    now: 1_000
                ).id
            }
            let browser = try signedIn(app)
            #expect(try browser.submit("/me/mfa", to: "/me/mfa/devices/\(carolsDevice)/remove", []).status == 404)
            let count: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM mfa_devices") }
            #expect(count == 1)
        }
    }

    @Test func forcedEnrolmentUnderAlwaysEndsSignedInWithPasswordAndTOTP() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            try app.apply(#"{"settings": {"mfa": "always"}}"#)
            let browser = Browser(port: app.server.port)
            let password = try browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions")
            #expect(password.header("Location") == "/mfa/enrol?return_to=/me/sessions")
            // The enrolment cookie does not open the code step.
            #expect(try browser.get("/mfa").status == 303)

            let page = try browser.get("/mfa/enrol?return_to=/me/sessions")
            #expect(page.status == 200)
            #expect(page.text.contains(#"<svg "#) && page.text.contains(#"role="img""#))
            let shown = try shown(page)
            let csrf = try #require(Browser.csrf(in: page.text))
            func submit(_ code: String) throws -> TestClient.Response {
                try browser.post(
                    "/mfa/enrol", [("csrf", csrf), ("device_id", shown.deviceID), ("code", code), ("return_to", "/me/sessions")])
            }
            let refused = try submit(wrongCode(shown.secret))
            #expect(refused.status == 200)
            #expect(refused.text.contains("That code is not right."))
            #expect(try self.shown(refused).secret == shown.secret)
            #expect(Browser.setCookie("portico_session", in: refused) == nil)

            let code = TOTP.code(secret: shown.secret, at: Self.now)
            let accepted = try submit(code)
            #expect(accepted.status == 200)
            #expect(recoveryCodes(accepted).count == 10)
            #expect(accepted.text.contains(#"href="/me/sessions""#))
            #expect(Browser.setCookie("portico_mfa", in: accepted)?.contains("Max-Age=0") == true)
            #expect(Browser.setCookie("portico_session", in: accepted) != nil)
            #expect(try browser.get("/me/sessions").status == 200)
            #expect(try authMethods(app) == ["password+totp"])

            // The confirming code cannot complete the next sign-in.
            let next = Browser(port: app.server.port)
            #expect(try next.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa")
            #expect(try next.submit("/mfa", to: "/mfa", [("code", code)]).status == 200)
            #expect(try authMethods(app) == ["password+totp"])
        }
    }

    @Test func aCodeStepCookieCannotEnrolAnotherDevice() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            try app.addConfirmedDevice(for: "alice@example.com")
            try app.apply(#"{"settings": {"mfa": "always"}}"#)
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa")
            let page = try browser.get("/mfa/enrol")
            #expect(page.status == 303)
            #expect(page.header("Location") == "/login")
        }
    }

    @Test func theEnrolmentMarkerIsCoveredByTheMAC() {
        let secret = ServerSecret(bytes: Array(repeating: 7, count: 32))
        let codeStep = PendingSignIn(userID: "5b0c1f9e-0000-4000-8000-000000000001", expiresAt: 2_000)
        let enrolment = PendingSignIn(userID: codeStep.userID, expiresAt: 2_000, mustEnrol: true)
        #expect(PendingSignIn.decode(enrolment.cookieValue(secret: secret), secret: secret, now: 1_000) == enrolment)
        let parts = codeStep.cookieValue(secret: secret).split(separator: ".")
        let forged = "\(parts[0]).\(parts[1]).enrol.\(parts[2])"
        #expect(PendingSignIn.decode(forged, secret: secret, now: 1_000) == nil)
        let stripped = enrolment.cookieValue(secret: secret).replacingOccurrences(of: ".enrol", with: "")
        #expect(PendingSignIn.decode(stripped, secret: secret, now: 1_000) == nil)
    }
}
