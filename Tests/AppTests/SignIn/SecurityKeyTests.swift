import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing
import Time

/// Security keys and passkeys end to end: registering one at `/me/mfa`, the second step with it, passkey
/// sign-in without an email, each kind of wrong answer refused with nothing changed, and removing a key.
struct SecurityKeyTests {
    static let users = """
        {"users": [
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-1", "admin": true}
        ]}
        """

    /// Alice signed in by password alone (no factor yet), with `key` registered at `/me/mfa`.
    static func aliceWithKey(_ app: PorticoApp, _ key: SoftAuthenticator) throws {
        let browser = SecurityKeyBrowser(port: app.server.port)
        #expect(try browser.browser.signIn("alice@example.com", "alice-password-1").status == 303)
        let registered = try browser.register(key)
        // A first factor brings recovery codes, shown once.
        #expect(registered.status == 200)
        #expect(registered.text.contains("recovery"))
    }

    /// A browser past Alice's password, at the second step.
    static func passwordStep(_ app: PorticoApp) throws -> SecurityKeyBrowser {
        let browser = SecurityKeyBrowser(port: app.server.port)
        let response = try browser.browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions")
        #expect(response.header("Location") == "/mfa?return_to=/me/sessions")
        return browser
    }

    static func authMethods(_ app: PorticoApp) throws -> [String] {
        try app.database.read { db in try db.query("SELECT auth_method FROM portal_sessions ORDER BY id").map { try $0["auth_method"] } }
    }

    static func storedKeys(_ app: PorticoApp) throws -> [WebAuthnCredential] {
        try app.database.read { db in
            let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
            return try WebAuthnStore(db).credentials(userID: alice.id)
        }
    }

    static func events(_ app: PorticoApp, _ action: String) throws -> [AuditEvent] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: action)).items }
    }

    @Test func aKeyRegisteredAtMeMFASignsInAsTheSecondFactor() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            let stored = try #require(try Self.storedKeys(app).first)
            #expect(stored.name == "YubiKey" && stored.credentialID == key.credentialID && stored.algorithm == -7)
            #expect(stored.transports == ["usb"] && stored.discoverable)
            #expect(try Self.events(app, "mfa.webauthn.register").count == 1)

            let browser = try Self.passwordStep(app)
            let page = try browser.browser.get("/mfa?return_to=/me/sessions")
            #expect(page.text.contains("Use security key"))
            #expect(page.header("Cache-Control") == "no-store")
            let response = try browser.signIn(with: key)
            #expect(response.status == 303)
            #expect(response.header("Location") == "/me/sessions")
            #expect(Browser.setCookie("portico_session", in: response) != nil)
            #expect(try Self.authMethods(app).last == "password+webauthn")
            let used = try #require(try Self.storedKeys(app).first)
            #expect(used.signCount == 1 && used.lastUsedAt != nil)
            let signIn = try #require(
                try Self.events(app, "auth.signin").first { $0.outcome == .success && $0.details.contains("webauthn") })
            #expect(signIn.details.contains(#""security_key":"YubiKey""#))
        }
    }

    @Test func aPasskeySignsInWithoutAnEmailOnlyWhenItVerifiedTheUser() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            let aliceID = try #require(try Self.storedKeys(app).first).userID

            let unverified = SecurityKeyBrowser(port: app.server.port)
            let refused = try unverified.signIn(
                with: key, page: "/login", action: "/login/passkey", userVerified: false, userHandle: Array(aliceID.utf8))
            #expect(refused.status == 422)
            #expect(refused.text.contains("did not check that it is you"))
            #expect(Browser.setCookie("portico_session", in: refused) == nil)

            let browser = SecurityKeyBrowser(port: app.server.port)
            let login = try browser.browser.get("/login")
            #expect(login.text.contains("Sign in with a passkey"))
            let response = try browser.signIn(with: key, page: "/login", action: "/login/passkey", userHandle: Array(aliceID.utf8))
            #expect(response.status == 303)
            #expect(Browser.setCookie("portico_session", in: response) != nil)
            #expect(try Self.authMethods(app).last == "passkey")
            #expect(try browser.browser.get("/me/sessions").status == 200)
        }
    }

    /// Each wrong answer is refused with the page's message, starts no session and leaves the key as it was.
    @Test func wrongAnswersAreRefusedWithNothingChanged() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            let before = try Self.storedKeys(app)

            var wrongOrigin = try Self.passwordStep(app)
            wrongOrigin.origin = "http://localhost.evil.example"
            var wrongRelyingParty = try Self.passwordStep(app)
            wrongRelyingParty.rpID = "evil.example"
            let cases: [(String, TestClient.Response)] = [
                ("origin", try wrongOrigin.signIn(with: key)),
                ("rp id", try wrongRelyingParty.signIn(with: key)),
                ("signature", try Self.passwordStep(app).signIn(with: key) { $0.signature[$0.signature.count / 2] ^= 0x01 }),
                (
                    "type",
                    try Self.passwordStep(app).signIn(with: key) { assertion in
                        assertion.clientDataJSON = Array(
                            String(decoding: assertion.clientDataJSON, as: UTF8.self)
                                .replacingOccurrences(of: "webauthn.get", with: "webauthn.create").utf8)
                    }
                ),
                ("CBOR", try Self.passwordStep(app).signIn(with: key) { $0.authenticatorData = [0xff] }),
            ]
            for (what, response) in cases {
                #expect(response.status == 200, "\(what)")
                #expect(response.text.contains("flash-error"), "\(what)")
                #expect(Browser.setCookie("portico_session", in: response) == nil, "\(what)")
            }
            #expect(try Self.authMethods(app) == ["password"])
            #expect(try Self.storedKeys(app) == before)
            let reasons = try Self.events(app, "auth.signin").filter { $0.outcome == .failure }.map(\.details)
            #expect(reasons.count == cases.count)
        }
    }

    @Test func anAnswerIsAcceptedOnceAndAChallengeOnlyForItsPurpose() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)

            let first = try Self.passwordStep(app)
            let html = try first.browser.get("/mfa").text
            let assertion = key.assert(challenge: try SecurityKeyBrowser.challenge(in: html), rpID: first.rpID, origin: first.origin)
            #expect(try first.post(assertion, key: key, csrf: Browser.csrf(in: html) ?? "", action: "/mfa/security-key").status == 303)

            // The same answer from another sign-in of the same user: its challenge was answered already.
            let replay = try Self.passwordStep(app)
            let replayed = try replay.post(
                assertion, key: key, csrf: Browser.csrf(in: try replay.browser.get("/mfa").text) ?? "", action: "/mfa/security-key")
            #expect(replayed.status == 200)
            #expect(replayed.text.contains("already used or has expired"))

            // A passkey challenge from the login page does not do for the second step.
            let login = SecurityKeyBrowser(port: app.server.port)
            let passkeyChallenge = try SecurityKeyBrowser.challenge(in: try login.browser.get("/login").text)
            let crossed = try Self.passwordStep(app)
            let crossedAnswer = key.assert(challenge: passkeyChallenge, rpID: crossed.rpID, origin: crossed.origin)
            let refused = try crossed.post(
                crossedAnswer, key: key, csrf: Browser.csrf(in: try crossed.browser.get("/mfa").text) ?? "", action: "/mfa/security-key")
            #expect(refused.status == 200)
            #expect(Browser.setCookie("portico_session", in: refused) == nil)
            #expect(try Self.authMethods(app) == ["password", "password+webauthn"])
        }
    }

    @Test func aCounterThatWentBackwardsIsRefusedAuditedAndShownToAdmins() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            key.signCount = 40
            #expect(try Self.passwordStep(app).signIn(with: key).status == 303)
            // A copy of the key that was used less.
            key.signCount = 10
            let refused = try Self.passwordStep(app).signIn(with: key)
            #expect(refused.status == 200)
            #expect(refused.text.contains("counter went backwards"))
            #expect(try Self.storedKeys(app).first?.signCount == 41)
            let anomaly = try #require(try Self.events(app, "mfa.webauthn.counter").first)
            #expect(anomaly.details.contains(#""received_count":11"#) && anomaly.details.contains(#""stored_count":41"#))

            let admin = Browser(port: app.server.port)
            #expect(try admin.signIn("root@example.com", "root-password-1").status == 303)
            let userPage = try admin.get("/admin/users/\(anomaly.target)").text
            #expect(userPage.contains("may have been copied"))
            #expect(userPage.contains("counted 11 after 41"))
        }
    }

    @Test func malformedRegistrationsAreRefusedAndStoreNothing() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let browser = SecurityKeyBrowser(port: app.server.port)
            #expect(try browser.browser.signIn("alice@example.com", "alice-password-1").status == 303)
            let key = SoftAuthenticator()
            let attempts: [(String, (inout SoftAuthenticator.Registration) -> Void)] = [
                ("CBOR", { $0.attestationObject = [0xbf, 0x61, 0x61] }),
                ("truncated", { $0.attestationObject.removeLast(10) }),
                (
                    "origin",
                    { registration in
                        registration.clientDataJSON = SoftAuthenticator.clientData(
                            type: "webauthn.create", challenge: [1, 2, 3], origin: "http://localhost")
                    }
                ),
            ]
            for (what, tamper) in attempts {
                let response = try browser.register(key, tamper: tamper)
                #expect(response.status == 422, "\(what)")
                #expect(response.text.contains("flash-error"), "\(what)")
            }
            var wrongOrigin = browser
            wrongOrigin.origin = "https://evil.example"
            #expect(try wrongOrigin.register(key).status == 422)
            #expect(try Self.storedKeys(app).isEmpty)
            #expect(try Self.events(app, "mfa.webauthn.register").allSatisfy { $0.outcome == .failure })
        }
    }

    @Test func removingAKeyEndsItsUseAndItsRecoveryCodes() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            let browser = SecurityKeyBrowser(port: app.server.port)
            #expect(try browser.browser.signIn("alice@example.com", "alice-password-1").status == 303)
            #expect(try browser.register(key).status == 200)
            let stored = try #require(try Self.storedKeys(app).first)
            let list = try browser.browser.get("/me/mfa").text
            #expect(list.contains("YubiKey") && list.contains("Passkey"))
            let removed = try browser.browser.submit("/me/mfa", to: "/me/mfa/security-keys/\(stored.id)/remove", [])
            #expect(removed.status == 303)
            #expect(try Self.storedKeys(app).isEmpty)
            #expect(try Self.events(app, "mfa.webauthn.remove").count == 1)
            let left: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM recovery_codes") }
            #expect(left == 0)
            // With the key gone, the password alone signs in again (the portal-wide setting is `off`).
            let again = Browser(port: app.server.port)
            #expect(try again.signIn("alice@example.com", "alice-password-1").header("Location") == "/")
        }
    }

    @Test func anAdminsMFAResetRemovesKeysToo() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            try Self.aliceWithKey(app, SoftAuthenticator())
            let admin = Browser(port: app.server.port)
            #expect(try admin.signIn("root@example.com", "root-password-1").status == 303)
            let aliceID = try #require(try Self.storedKeys(app).first).userID
            #expect(try admin.get("/admin/users/\(aliceID)").text.contains("YubiKey"))
            let reset = try admin.submit("/admin/users/\(aliceID)", to: "/admin/users/\(aliceID)/mfa/reset", [("confirm", "yes")])
            #expect(reset.status == 303)
            #expect(try Self.storedKeys(app).isEmpty)
            #expect(try Self.events(app, "mfa.reset").first?.details.contains(#""security_keys_removed":1"#) == true)
        }
    }

    @Test func aKeyConfirmsItsHolderBeforeAChangeToHowTheySignIn() throws {
        let clock = ManualClock()
        try withPortico(baseURL: SecurityKeyBrowser.baseURL, clock: clock.clock) { app, _ in
            try app.apply(Self.users)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            let browser = try Self.passwordStep(app)
            #expect(try browser.signIn(with: key).status == 303)
            clock.advance(seconds: 10 * 60)
            #expect(try browser.browser.get("/me/mfa").header("Location") == "/me/confirm?return_to=/me/mfa")
            let page = try browser.browser.get("/me/confirm?return_to=/me/mfa").text
            #expect(page.contains("Confirm with security key"))
            let confirmed = try browser.signIn(with: key, page: "/me/confirm?return_to=/me/mfa", action: "/me/confirm/security-key") {
                _ in
            }
            #expect(confirmed.status == 303)
            #expect(try browser.browser.get("/me/mfa").status == 200)
            let reverify = try #require(try Self.events(app, "auth.reverify").first)
            #expect(reverify.details.contains(#""method":"security key""#))
        }
    }

    /// Credential ids are unique across people: a key that answers with someone else's id is refused in words,
    /// audited, and stores nothing (it was a 500 once).
    @Test func aKeyWithAnotherUsersCredentialIDIsRefused() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(MFAPolicyTests.directory(rule: "none"))
            let aliceKey = SoftAuthenticator()
            try Self.aliceWithKey(app, aliceKey)
            let carol = SecurityKeyBrowser(port: app.server.port)
            #expect(try carol.browser.signIn("carol@example.com", "carol-password-1").status == 303)
            let copy = SoftAuthenticator(credentialID: aliceKey.credentialID)
            let refused = try carol.register(copy)
            #expect(refused.status == 422)
            #expect(refused.text.contains("already added to Portico"))
            let stored = try app.database.read { try $0.scalar("SELECT count(*) FROM webauthn_credentials", as: Int.self) }
            #expect(stored == 1)
            let failure = try #require(try Self.events(app, "mfa.webauthn.register").first { $0.outcome == .failure })
            #expect(failure.actor == "carol@example.com" && failure.details.contains("webauthn_already_registered"))
        }
    }

    /// A remembered browser (`new-device`) vouches for the keys it saw: once they are reset and replaced, the
    /// browser is asked for the new one.
    @Test func replacingTheKeysForgetsTheRememberedBrowser() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.users)
            try app.apply(#"{"settings": {"mfa": "new-device"}}"#)
            let key = SoftAuthenticator()
            try Self.aliceWithKey(app, key)
            let remembered = try Self.passwordStep(app)
            #expect(try remembered.signIn(with: key).status == 303)
            #expect(remembered.browser.cookies["portico_known_browser"] != nil)
            func signOut() throws { #expect(try remembered.browser.submit("/me/sessions", to: "/logout", []).status == 303) }
            try signOut()
            #expect(try remembered.browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/", "remembered")
            try signOut()

            let aliceID = try app.userID("alice@example.com")
            #expect(try app.database.write { try WebAuthnStore($0).deleteAll(userID: aliceID) } == 1)
            try app.addSecurityKey(userID: aliceID, credentialID: SoftAuthenticator().credentialID, name: "New key")
            #expect(try remembered.browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa")
        }
    }

    /// At forced enrolment a name the form refuses is not an answer from a key, so it costs no throttled attempt.
    @Test func aRefusedKeyNameAtEnrolmentCountsNoAttempt() throws {
        let throttle = LoginThrottle(clock: { .zero })
        try withPortico(baseURL: SecurityKeyBrowser.baseURL, loginThrottle: throttle) { app, _ in
            try app.apply(MFAPolicyTests.directory(rule: "phishing-resistant"))
            let alice = SecurityKeyBrowser(port: app.server.port)
            #expect(try alice.browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa/enrol")
            let refused = try alice.register(
                SoftAuthenticator(), name: String(repeating: "n", count: 65), page: "/mfa/enrol", action: "/mfa/enrol/security-key")
            #expect(
                refused.status == 200 && refused.text.contains("The security key&#39;s name"),
                "the sign-in steps answer their errors with 200")
            #expect(throttle.entryCounts.accounts == 0)
        }
    }

    @Test func anIPAddressBaseURLExplainsWhyKeysCannotBeUsed() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)
            let page = try browser.get("/me/mfa").text
            #expect(page.contains("must be a host name"))
            #expect(!page.contains("data-webauthn"))
            #expect(!(try browser.get("/login").text.contains("Sign in with a passkey")))
        }
    }
}
