import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// MFA rules per group: the strictest among a user's groups applies; "required" forces enrolment whatever the
/// portal-wide setting; "phishing-resistant" refuses codes and leads members to add a security key.
struct MFAPolicyTests {
    static func directory(rule: String, bobActive: Bool = true) -> String {
        """
        {"users": [
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
          {"email": "bob@example.com", "display_name": "Bob Builder", "password": "bob-password-12"\(bobActive ? "" : #", "disabled": true"#)},
          {"email": "carol@example.com", "display_name": "Carol Outside", "password": "carol-password-1"},
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-1", "admin": true}
        ],
        "groups": [
          {"name": "admins", "mfa": "\(rule)", "members": ["alice@example.com", "bob@example.com"]},
          {"name": "everyone", "members": ["alice@example.com", "bob@example.com", "carol@example.com"]}
        ]}
        """
    }

    @Test func theStrictestRuleAmongAUsersGroupsApplies() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory(rule: "required"))
            try app.database.write { db in
                let store = GroupStore(db)
                let everyone = try #require(try store.find(name: "everyone"))
                try store.setMFARule(groupID: everyone.id, rule: .phishingResistant)
            }
            let rules = try app.database.read { db in
                try ["alice", "carol", "root"].map { name in
                    let user = try #require(try UserStore(db).find(email: "\(name)@example.com"))
                    return try GroupStore(db).strictestMFARule(userID: user.id)
                }
            }
            #expect(rules == [.phishingResistant, .phishingResistant, .none])
        }
    }

    @Test func aRequiredRuleSendsAMemberWithoutAFactorToEnrolEvenWhenMFAIsOff() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.directory(rule: "required"))
            let member = Browser(port: app.server.port)
            let response = try member.signIn("alice@example.com", "alice-password-1")
            #expect(response.header("Location") == "/mfa/enrol")
            #expect(Browser.setCookie("portico_session", in: response) == nil)
            let page = try member.get("/mfa/enrol").text
            // Either kind of factor may be added.
            #expect(page.contains("totp-secret") && page.contains("Add security key or passkey"))
            // Outside the group, the portal-wide `off` still applies.
            #expect(try Browser(port: app.server.port).signIn("carol@example.com", "carol-password-1").header("Location") == "/")
        }
    }

    @Test func aPhishingResistantRuleRefusesACodeFromAMemberWithAKey() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.directory(rule: "none"))
            let key = SoftAuthenticator()
            try SecurityKeyTests.aliceWithKey(app, key)
            let secret = try app.addConfirmedDevice(for: "alice@example.com")
            try app.database.write { db in
                let admins = try #require(try GroupStore(db).find(name: "admins"))
                try GroupStore(db).setMFARule(groupID: admins.id, rule: .phishingResistant)
            }
            let browser = try SecurityKeyTests.passwordStep(app)
            let page = try browser.browser.get("/mfa").text
            #expect(!page.contains(#"name="code""#))
            let code = TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970))
            let refused = try browser.browser.submit("/mfa", to: "/mfa", [("code", code), ("return_to", "/me/sessions")])
            #expect(refused.status == 200)
            #expect(refused.text.contains("codes are not accepted"))
            #expect(Browser.setCookie("portico_session", in: refused) == nil)
            let reasons = try SecurityKeyTests.events(app, "auth.signin").filter { $0.outcome == .failure }.map(\.details)
            #expect(reasons.contains(#"{"reason":"phishing_resistant_required"}"#))
            // The key still signs the member in.
            #expect(try browser.signIn(with: key).status == 303)
            #expect(try SecurityKeyTests.authMethods(app).last == "password+webauthn")
        }
    }

    @Test func aMemberWithOnlyAnAppProvesItThenAddsAKey() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.directory(rule: "phishing-resistant"))
            let secret = try app.addConfirmedDevice(for: "alice@example.com")
            let browser = try SecurityKeyTests.passwordStep(app)
            // The password alone does not open enrolment.
            #expect(try browser.browser.get("/mfa/enrol").status == 303)
            let step = try browser.browser.get("/mfa").text
            #expect(step.contains("now requires a security key"))
            let code = TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970))
            let proved = try browser.browser.submit("/mfa", to: "/mfa", [("code", code), ("return_to", "/me/sessions")])
            #expect(proved.status == 303)
            #expect(proved.header("Location") == "/mfa/enrol?return_to=/me/sessions")
            #expect(Browser.setCookie("portico_session", in: proved) == nil)
            let enrolment = try browser.browser.get("/mfa/enrol?return_to=/me/sessions").text
            #expect(enrolment.contains("requires a security key or passkey") && !enrolment.contains("totp-secret"))
            let added = try browser.register(
                SoftAuthenticator(), name: "Work key", page: "/mfa/enrol?return_to=/me/sessions", action: "/mfa/enrol/security-key")
            #expect(added.status == 303)
            #expect(added.header("Location") == "/me/sessions")
            #expect(try SecurityKeyTests.authMethods(app) == ["password+webauthn"])
            #expect(try SecurityKeyTests.storedKeys(app).map(\.name) == ["Work key"])
        }
    }

    @Test func aMemberWithNoFactorUnderThePhishingResistantRuleIsOfferedKeysOnly() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.directory(rule: "phishing-resistant"))
            let member = SecurityKeyBrowser(port: app.server.port)
            #expect(try member.browser.signIn("alice@example.com", "alice-password-1").header("Location") == "/mfa/enrol")
            let page = try member.browser.get("/mfa/enrol").text
            #expect(!page.contains("totp-secret"))
            let appSecrets: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM mfa_devices") }
            #expect(appSecrets == 0)
            let added = try member.register(SoftAuthenticator(), name: "Key", page: "/mfa/enrol", action: "/mfa/enrol/security-key")
            #expect(added.status == 303)
            // No recovery codes: they would not be accepted.
            let codes: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM recovery_codes") }
            #expect(codes == 0)
        }
    }

    /// What the combined requirement asks (the SAML path is shown in `SAMLSignInTests`).
    @Test func theRequirementCombinesTheModeAndTheRule() throws {
        let requirement = MFARequirement(mode: .off, rule: .phishingResistant)
        #expect(requirement.requiresSecondFactor && requirement.requiresPhishingResistance && !requirement.remembersBrowsers)
        #expect(!requirement.accepts(.passwordAndTOTP) && requirement.accepts(.passkey) && requirement.accepts(.passwordAndSecurityKey))
        #expect(MFARequirement(mode: .newDevice, rule: .required).remembersBrowsers)
    }

    @Test func theSettingsPageCountsAndListsMembersLackingARequiredFactor() throws {
        try withPortico(baseURL: SecurityKeyBrowser.baseURL) { app, _ in
            try app.apply(Self.directory(rule: "phishing-resistant"))
            // Bob has an app, which this rule does not accept; Alice has a key.
            try app.addConfirmedDevice(for: "bob@example.com")
            try app.addSecurityKey(userID: try app.userID("alice@example.com"), credentialID: [1, 2, 3])
            let admin = Browser(port: app.server.port)
            #expect(try admin.signIn("root@example.com", "root-password-1").status == 303)
            let page = try admin.get("/admin/settings").text
            let section = try #require(page.firstRange(of: #"id="mfa-gap-phishing-resistant""#).map { String(page[$0.lowerBound...]) })
            #expect(section.contains("<strong>1</strong> active users still lack a security key or passkey"))
            #expect(section.contains("bob@example.com") && !section.contains("alice@example.com"))
            #expect(page.contains(#"<a href="/admin/groups/"#) && page.contains("Phishing-resistant MFA only"))
        }
    }

    @Test func anAdminSetsAGroupsRuleInItsFormAndTheChangeIsAudited() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory(rule: "none"))
            let admin = Browser(port: app.server.port)
            #expect(try admin.signIn("root@example.com", "root-password-1").status == 303)
            let group = try #require(try app.database.read { try GroupStore($0).find(name: "admins") })
            let saved = try admin.submit(
                "/admin/groups/\(group.id)/edit", to: "/admin/groups/\(group.id)/edit",
                [("name", "admins"), ("description", ""), ("mfa_rule", "phishing-resistant")])
            #expect(saved.status == 303)
            #expect(try app.database.read { try GroupStore($0).find(name: "admins") }?.mfaRule == .phishingResistant)
            #expect(try admin.get("/admin/groups/\(group.id)").text.contains("Phishing-resistant MFA only"))
            let update = try #require(try SecurityKeyTests.events(app, "group.update").first)
            #expect(update.details.contains("phishing-resistant"))
            let refused = try admin.submit(
                "/admin/groups/\(group.id)/edit", to: "/admin/groups/\(group.id)/edit",
                [("name", "admins"), ("description", ""), ("mfa_rule", "sometimes")])
            #expect(refused.status == 422)
        }
    }
}
