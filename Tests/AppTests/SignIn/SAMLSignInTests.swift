import Crypto
import Domain
import Foundation
import SAML
import SQLite
import Storage
import TestSupport
import Testing

@testable import App

/// Signing in through an identity provider, end to end on a real server: the round trip from a shortcut,
/// the browser binding, who is matched, who is created, whose MFA counts, and every refusal audited with
/// nothing created.
struct SAMLSignInTests {
    static let baseURL = "http://portico.test"

    private func run(_ idp: TestIdentityProvider = TestIdentityProvider(), _ body: (PorticoApp, TestIdentityProvider) throws -> Void) throws
    {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            try idp.register(in: app)
            try body(app, idp)
        }
    }

    /// Starts at Portico: the redirect to the identity provider, and the request id it carries.
    private func start(_ browser: Browser, _ app: PorticoApp, returnTo: String = "/start") throws -> String {
        let redirect = try browser.get("/saml/sp/test/login?return_to=" + Browser.encode(returnTo))
        #expect(redirect.status == 303)
        #expect(redirect.header("Location")?.hasPrefix(TestIdentityProvider.signInURL + "?SAMLRequest=") == true)
        return try #require(
            try app.database.read {
                try $0.scalar("SELECT request_id FROM saml_authn_requests ORDER BY created_at DESC, rowid DESC LIMIT 1", as: String?.self)
            })
    }

    /// Posts the response to the assertion consumer service and follows its redirect in `browser`.
    private func answer(_ browser: Browser, _ idp: TestIdentityProvider, _ response: String) throws -> TestClient.Response {
        let posted = try browser.post(idp.acsPath, [("SAMLResponse", response)])
        guard posted.status == 303, let next = posted.header("Location") else { return posted }
        return try browser.get(next)
    }

    private func failures(_ app: PorticoApp) throws -> [String] {
        try app.database.read { try AuditStore($0).list(.init(action: "auth.signin"), limit: 50).items }
            .filter { $0.outcome == .failure }.compactMap { try? DirectoryPages.details($0)["reason"] as? String }
    }

    @Test func aShortcutFollowedSignedOutSurvivesTheRoundTripThroughTheIdentityProvider() throws {
        try run { app, idp in
            let browser = Browser(port: app.server.port)
            let shortcut = "/start/#/console?account_id=111111111111&role_name=ReadOnlyAccess"
            let requestID = try start(browser, app, returnTo: shortcut)
            let done = try answer(
                browser, idp, try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: requestID))
            #expect(done.status == 303 && done.header("Location") == shortcut)
            #expect(try browser.get("/me/sessions").status == 200, "signed in")
            let event = try #require(try app.database.read { try AuditStore($0).list(.init(action: "auth.signin"), limit: 1).items }.first)
            #expect(event.outcome == .success && event.actor == "alice@example.com")
            #expect(try DirectoryPages.details(event)["method"] as? String == "saml:test")
            let federated: String? = try app.database.read {
                try $0.scalar("SELECT identity_provider_id FROM portal_sessions ORDER BY id DESC LIMIT 1")
            }
            #expect(federated == idp.provider.id)
        }
    }

    @Test func theAnswerCountsOnlyInTheBrowserThatAskedAndOnlyOnce() throws {
        try run { app, idp in
            let asker = Browser(port: app.server.port)
            let requestID = try start(asker, app)
            let response = try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: requestID)
            // Another browser (a phished victim's answer replayed by an attacker, or the reverse) gets nothing.
            let other = Browser(port: app.server.port)
            let refused = try answer(other, idp, response)
            #expect(refused.status == 403 && refused.text.contains("did not start here"))
            #expect(try other.get("/me/sessions").status == 303)
            // The same assertion again, now from the right browser: a replay, counted nowhere.
            #expect(try answer(asker, idp, response).status == 403)
            #expect(try asker.get("/me/sessions").status == 303)
            let reasons = try failures(app)
            #expect(reasons == ["replay", "other-browser"], "\(reasons)")
        }
    }

    @Test func signInsStartedAtTheIdentityProviderNeedItsPermission() throws {
        try run { app, idp in
            let browser = Browser(port: app.server.port)
            let response = try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil)
            let refused = try answer(browser, idp, response)
            #expect(refused.status == 403)
            let reasons = try failures(app)
            #expect(reasons == ["idp-initiated"])
        }
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            let browser = Browser(port: app.server.port)
            let response = try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil)
            let done = try answer(browser, idp, response)
            #expect(done.status == 303 && done.header("Location") == "/start", "My Apps lands on the portal")
            // The same assertion again, in another browser: a replay, refused.
            let replayer = Browser(port: app.server.port)
            #expect(try answer(replayer, idp, response).status == 403)
            #expect(try replayer.get("/me/sessions").status == 303)
            #expect(try failures(app) == ["replay"])
        }
    }

    @Test func forgedOrMisdirectedAnswersAreRefusedAndAudited() throws {
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            let browser = Browser(port: app.server.port)
            let cases = [
                try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, signedBy: nil),
                try idp.response(
                    baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, signedBy: TestIdentityProvider.stranger),
                try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, audience: "https://other.example"),
                try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, now: 1_000_000_000),
                try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: "_never-asked"),
                try idp.response(baseURL: Self.baseURL, nameID: "root@other.org", inResponseTo: nil),
                "not base64 at all!",
            ]
            for response in cases {
                #expect(try answer(browser, idp, response).status == 403)
            }
            #expect(try browser.get("/me/sessions").status == 303)
            #expect(try failures(app).count == cases.count)
            #expect(
                try app.database.read {
                    try SessionStore($0).list(userID: try #require(try UserStore($0).find(email: "alice@example.com")).id, now: 0)
                }.isEmpty)
            let reasons = Set(try failures(app))
            #expect(reasons.isSuperset(of: ["unknown-request", "outside-domains"]), "\(reasons)")
        }
    }

    @Test func anEntraGuestIsMatchedByMailAndUnknownPeopleAreCreatedOnlyWhenAllowed() throws {
        let guestName = "alice_example.com#EXT#@contoso.onmicrosoft.com"
        let mail = IdentityProvider.AttributeMapping.entra.email
        try run(TestIdentityProvider(domains: ["contoso.onmicrosoft.com", "contoso.com"]) { $0.allowsIdPInitiatedSignIn = true }) {
            app, idp in
            let guest = Browser(port: app.server.port)
            let done = try answer(
                guest, idp,
                try idp.response(baseURL: Self.baseURL, nameID: guestName, inResponseTo: nil, attributes: [mail: ["alice@example.com"]]))
            #expect(done.status == 303, "the guest is alice@example.com")
            #expect(try guest.get("/me/sessions").text.contains("alice@example.com"))
            let stranger = Browser(port: app.server.port)
            #expect(
                try answer(stranger, idp, try idp.response(baseURL: Self.baseURL, nameID: "new@contoso.com", inResponseTo: nil)).status
                    == 403)
            #expect(try app.database.read { try UserStore($0).find(email: "new@contoso.com") } == nil)
        }
        let groups = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
        try run(
            TestIdentityProvider(domains: ["contoso.com"]) {
                $0.allowsIdPInitiatedSignIn = true
                $0.createsUsers = true
                $0.attributes.groups = groups
            }
        ) { app, idp in
            let browser = Browser(port: app.server.port)
            let response = try idp.response(
                baseURL: Self.baseURL, nameID: "new@contoso.com", inResponseTo: nil,
                attributes: [groups: ["developers", "no-such-group"], IdentityProvider.AttributeMapping.entra.displayName: ["New Person"]])
            #expect(try answer(browser, idp, response).status == 303)
            let created = try #require(try app.database.read { try UserStore($0).find(email: "new@contoso.com") })
            #expect(created.source == .saml && created.displayName == "New Person" && created.contactEmail == "new@contoso.com")
            #expect(try app.database.read { try GroupStore($0).groups(ofUser: created.id) }.map(\.name) == ["developers"])
            let event = try #require(try app.database.read { try AuditStore($0).list(.init(action: "user.create"), limit: 1).items }.first)
            #expect(event.actor == "saml:test")
        }
    }

    @Test func portico_sSecondFactorStillCountsUnlessTheProvidersMFAIsTrusted() throws {
        let secret = TOTP.newSecret()
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            try app.addConfirmedDevice(for: "alice@example.com", secret: secret)
            let browser = Browser(port: app.server.port)
            let multiFactor = "http://schemas.microsoft.com/claims/multipleauthn"
            let asked = try answer(
                browser, idp,
                try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, authnContext: multiFactor))
            #expect(
                asked.status == 303 && asked.header("Location")?.hasPrefix("/mfa") == true, "MFA at the provider is not trusted by default")
            let code = try browser.submit("/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970)))])
            let sessions = try browser.get("/me/sessions")
            #expect(code.status == 303 && sessions.status == 200)
            let event = try #require(try app.database.read { try AuditStore($0).list(.init(action: "auth.signin"), limit: 1).items }.first)
            #expect(try DirectoryPages.details(event)["method"] as? String == "saml:test")
        }
        try run(
            TestIdentityProvider {
                $0.allowsIdPInitiatedSignIn = true; $0.trustsMFA = true
            }
        ) { app, idp in
            try app.addConfirmedDevice(for: "alice@example.com", secret: secret)
            let browser = Browser(port: app.server.port)
            let password = try answer(browser, idp, try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil))
            #expect(password.header("Location")?.hasPrefix("/mfa") == true, "a password alone at the provider is not MFA")
            let trusted = try answer(
                Browser(port: app.server.port), idp,
                try idp.response(
                    baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil,
                    authnContext: "http://schemas.microsoft.com/claims/multipleauthn"))
            #expect(trusted.status == 303 && trusted.header("Location") == "/start")
        }
    }

    /// A sign-in past the provider's assertion, at Portico's code step, has nothing to stand on once the provider is
    /// removed: the right code is refused and no session starts.
    @Test func removingTheProviderStopsASignInWaitingForItsSecondFactor() throws {
        let secret = TOTP.newSecret()
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            try app.addConfirmedDevice(for: "alice@example.com", secret: secret)
            let browser = Browser(port: app.server.port)
            let asked = try answer(browser, idp, try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil))
            #expect(asked.status == 303 && asked.header("Location")?.hasPrefix("/mfa") == true)
            try app.database.write { db in
                try IdentityProviderStore(db).delete(id: try #require(try IdentityProviderStore(db).find(key: "test")).id)
            }
            let code = try browser.submit("/mfa", to: "/mfa", [("code", TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970)))])
            #expect(code.status == 403 && code.text.contains("removed from Portico"))
            #expect(Browser.setCookie("portico_session", in: code) == nil)
            #expect(try app.database.read { try $0.scalar("SELECT count(*) FROM portal_sessions", as: Int.self) } == 0)
        }
    }

    /// A phishing-resistant group's member is asked for Portico's own key even when the provider's MFA is trusted:
    /// nothing in its assertion says the factor could not have been relayed.
    @Test func aTrustedProvidersMFADoesNotSatisfyAPhishingResistantGroup() throws {
        try run(
            TestIdentityProvider {
                $0.allowsIdPInitiatedSignIn = true; $0.trustsMFA = true
            }
        ) { app, idp in
            var keys = SecurityKeyBrowser(port: app.server.port)
            (keys.origin, keys.rpID) = (Self.baseURL, "portico.test")
            let key = SoftAuthenticator()
            #expect(try keys.browser.signIn("alice@example.com", DirectoryPages.alicePassword).status == 303)
            #expect(try keys.register(key).status == 200)
            try app.database.write { db in
                let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                let admins = Group(name: "aws-admins", mfaRule: .phishingResistant)
                try GroupStore(db).create(admins)
                _ = try GroupStore(db).addMembers(groupID: admins.id, userIDs: [alice.id])
            }
            var browser = SecurityKeyBrowser(port: app.server.port)
            (browser.origin, browser.rpID) = (Self.baseURL, "portico.test")
            let asked = try answer(
                browser.browser, idp,
                try idp.response(
                    baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil,
                    authnContext: "http://schemas.microsoft.com/claims/multipleauthn"))
            #expect(asked.status == 303 && asked.header("Location")?.hasPrefix("/mfa") == true)
            #expect(Browser.setCookie("portico_session", in: asked) == nil)

            // The key completes it: a session of the provider that says a key was used, so the rule admits it.
            #expect(try browser.signIn(with: key).status == 303)
            let methods: [String] = try app.database.read { db in
                try db.query("SELECT auth_method FROM portal_sessions ORDER BY id").map { try $0["auth_method"] }
            }
            #expect(methods == ["password", "saml+webauthn"])
            #expect(try browser.browser.get("/me/sessions").status == 200)
            #expect(try keys.browser.get("/me/sessions").status == 303, "the password session that added the key ends under the rule")
        }
    }

    @Test func theLoginPageOffersTheProviderAndSendsItsDomainsThere() throws {
        try run(TestIdentityProvider { $0.allowsPasswordSignIn = false }) { app, idp in
            let browser = Browser(port: app.server.port)
            let page = try browser.get("/login?return_to=/start")
            #expect(page.text.contains("Sign in with Test IdP") && page.text.contains("/saml/sp/test/login?return_to=/start"))
            // alice@example.com is of the provider's domain, whose people may not use a Portico password.
            let routed = try browser.submit(
                "/login", to: "/login",
                [("email", "alice@example.com"), ("password", DirectoryPages.alicePassword), ("return_to", "/start")])
            #expect(routed.status == 303 && routed.header("Location") == "/saml/sp/test/login?return_to=/start", "\(routed.headers)")
            #expect(try browser.get("/me/sessions").status == 303, "the password was not even checked")
        }
    }

    /// Single logout: a signed LogoutRequest ends the session it names; an unsigned one ends nothing.
    @Test func theProvidersSignedLogoutEndsItsSession() throws {
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            let browser = Browser(port: app.server.port)
            let assertionID = "_slo1"
            let response = try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil, assertionID: assertionID)
            #expect(try answer(browser, idp, response).status == 303)
            let unsigned = try idp.logoutRequest(baseURL: Self.baseURL, nameID: "alice@example.com", sessionIndex: nil, signedBy: nil)
            #expect(try Browser(port: app.server.port).post("/saml/sp/test/logout", [("SAMLRequest", unsigned)]).status == 400)
            #expect(try browser.get("/me/sessions").status == 200, "an unsigned request ends nothing")
            let signed = try idp.logoutRequest(baseURL: Self.baseURL, nameID: "alice@example.com", sessionIndex: "_s" + assertionID)
            let done = try Browser(port: app.server.port).post("/saml/sp/test/logout", [("SAMLRequest", signed)])
            #expect(done.status == 200 && done.text.contains("signed you out"))
            #expect(try browser.get("/me/sessions").status == 303, "the session it named ended")
        }
    }

    /// The same by HTTP-Redirect, as Entra and most providers send it: deflated, signed in the query.
    @Test func aRedirectedLogoutSignedInTheQueryEndsTheSessions() throws {
        try run(TestIdentityProvider { $0.allowsIdPInitiatedSignIn = true }) { app, idp in
            let browser = Browser(port: app.server.port)
            #expect(
                try answer(browser, idp, try idp.response(baseURL: Self.baseURL, nameID: "alice@example.com", inResponseTo: nil)).status
                    == 303)
            let forged = try idp.redirectLogoutQuery(
                baseURL: Self.baseURL, nameID: "alice@example.com", signedBy: TestIdentityProvider.stranger)
            #expect(try Browser(port: app.server.port).get("/saml/sp/test/logout?" + forged).status == 400)
            #expect(try browser.get("/me/sessions").status == 200, "a signature by another key ends nothing")
            let query = try idp.redirectLogoutQuery(baseURL: Self.baseURL, nameID: "alice@example.com")
            #expect(try Browser(port: app.server.port).get("/saml/sp/test/logout?" + query).status == 200)
            #expect(try browser.get("/me/sessions").status == 303)
        }
    }
}
