import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// A password-reset link is made against the user's state at the time: once their password, second factor
/// or status changes, by whoever and through whichever surface, a link made before no longer works.
struct ResetLinkLifetimeTests {
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case adminSetsThePassword, adminResetsMFA, adminDisablesAndEnables, applyDisables
        /// Someone with security keys and recovery codes but no authenticator app.
        case adminResetsMFAOfAKeyHolder
        case aKeyIsAdded, aKeyIsRemoved

        var holdsKeysOnly: Bool { self == .adminResetsMFAOfAKeyHolder || self == .aKeyIsRemoved }

        var testDescription: String { rawValue }
    }

    private func change(_ change: Change, _ app: PorticoApp, root: Browser, userID: String) throws {
        let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(userID)").text))
        switch change {
        case .adminSetsThePassword:
            let set = try root.post(
                "/admin/users/\(userID)/password",
                [("csrf", csrf), ("password", "brand-new-password-9"), ("password_confirmation", "brand-new-password-9")])
            #expect(set.status == 303)
        case .adminResetsMFA, .adminResetsMFAOfAKeyHolder:
            #expect(try root.post("/admin/users/\(userID)/mfa/reset", [("csrf", csrf), ("confirm", "yes")]).status == 303)
        case .adminDisablesAndEnables:
            #expect(try root.post("/admin/users/\(userID)/disable", [("csrf", csrf), ("confirm", "yes")]).status == 303)
            #expect(try root.post("/admin/users/\(userID)/enable", [("csrf", csrf)]).status == 303)
        case .applyDisables:
            try app.apply(#"{"users": [{"email": "alice@example.com", "display_name": "Alice Liddell", "disabled": true}]}"#)
        case .aKeyIsAdded:
            try app.addSecurityKey(userID: userID, credentialID: [2], name: "Second key")
        case .aKeyIsRemoved:
            #expect(try app.database.write { try WebAuthnStore($0).deleteAll(userID: userID) } == 1)
        }
    }

    @Test(arguments: Change.allCases)
    func aLinkMadeBeforeTheChangeNoLongerWorks(_ kind: Change) throws {
        try withPortico { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let id = try app.userID("alice@example.com")
            if kind.holdsKeysOnly {
                try app.addSecurityKey(userID: id, credentialID: [1])
                try app.database.write { db in
                    try MFAStore(db).replaceRecoveryCodes(userID: id, hashes: (1...8).map { SHA256.hexHash(Array("code-\($0)".utf8)) })
                }
            } else {
                try app.addConfirmedDevice(for: "alice@example.com")
            }
            let root = try DirectoryPages.root(app)
            let token = try DirectoryPages.resetLinkToken(by: root, for: id)
            let visitor = Browser(port: app.server.port)
            #expect(try visitor.get("/reset-password?token=\(token)").status == 200, "the link works until the change")

            try change(kind, app, root: root, userID: id)

            #expect(try visitor.get("/reset-password?token=\(token)").status == 404)
            let used = try visitor.post(
                "/reset-password",
                [("token", token), ("password", "attacker-password-1"), ("password_confirmation", "attacker-password-1")])
            #expect(used.status == 404 || used.status == 403)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "attacker-password-1").status != 303)
            // A link made after the change works as usual.
            if kind != .applyDisables {
                let fresh = try DirectoryPages.resetLinkToken(by: root, for: id)
                #expect(try visitor.get("/reset-password?token=\(fresh)").status == 200)
            }
        }
    }

    /// The user's own sign-in with their password does not end a link an admin just sent (nothing changed).
    @Test func signingInWithTheUnchangedPasswordKeepsTheLink() throws {
        try withPortico { app, _ in
            try app.apply(AdminUserPagesTests.users)
            let id = try app.userID("alice@example.com")
            let root = try DirectoryPages.root(app)
            let token = try DirectoryPages.resetLinkToken(by: root, for: id)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status == 303)
            #expect(try Browser(port: app.server.port).get("/reset-password?token=\(token)").status == 200)
        }
    }
}
