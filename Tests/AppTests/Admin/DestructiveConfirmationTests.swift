import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// Resetting MFA, disabling a user, ending all their sessions (or one's own other sessions) and removing an
/// assignment ask first, without JavaScript: the button leads to a page that says exactly what will happen
/// and holds the real form, and a POST without `confirm=yes` answers with that page and changes nothing.
struct DestructiveConfirmationTests {
    /// The confirmation page's form: its action and hidden fields, as a browser would submit it.
    private func confirmedForm(_ html: String) throws -> (action: String, fields: [(String, String)]) {
        let form = try #require(html.firstMatch(of: /<form method="post" action="([^"]+)">(?s)(.*?)<\/form>/))
        let fields = String(form.2).matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/).map {
            (String($0.1), String($0.2).replacingOccurrences(of: "&#39;", with: "'"))
        }
        return (String(form.1), fields)
    }

    private func sessionCount(_ app: PorticoApp, _ userID: String) throws -> Int {
        try app.database.read { db in
            try db.scalar("SELECT count(*) FROM portal_sessions WHERE user_id = ? AND revoked_at IS NULL", [userID])
        }
    }

    @Test func resetMFAAsksFirstNamingWhatGoes() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let id = try app.userID("alice@example.com")
            try app.addConfirmedDevice(for: "alice@example.com", recoveryCodes: (1...8).map { "code-\($0)" })
            for index in 1...2 { try app.addSecurityKey(userID: id, credentialID: [UInt8(index)], name: "Key \(index)") }
            let root = try DirectoryPages.root(app)
            // The user page's button is a link to the question, not a form that acts.
            let userPage = try root.get("/admin/users/\(id)").text
            #expect(userPage.contains("href=\"/admin/users/\(id)/mfa/reset\""))
            #expect(!userPage.contains("action=\"/admin/users/\(id)/mfa/reset\""))

            let question = try root.get("/admin/users/\(id)/mfa/reset")
            #expect(question.status == 200)
            #expect(question.text.contains("Reset MFA for Alice Liddell?"))
            #expect(question.text.contains("Removes 1 authenticator app, 2 security keys and passkeys and 8 recovery codes"))
            #expect(question.text.contains("href=\"/admin/users/\(id)\">Cancel</a>"))
            #expect(try app.database.read { try MFAStore($0).devices(userID: id) }.count == 1, "asking changes nothing")

            // An old form or a crafted POST without the confirmation gets the question, and nothing changes.
            let csrf = try #require(Browser.csrf(in: question.text))
            let unconfirmed = try root.post("/admin/users/\(id)/mfa/reset", [("csrf", csrf)])
            #expect(unconfirmed.status == 200 && unconfirmed.text.contains("Reset MFA for Alice Liddell?"))
            #expect(try root.post("/admin/users/\(id)/mfa/reset", [("csrf", csrf), ("confirm", "no")]).status == 200)
            #expect(try app.database.read { try MFAStore($0).devices(userID: id) }.count == 1)
            #expect(try app.database.read { try WebAuthnStore($0).credentials(userID: id) }.count == 2)
            #expect(try app.auditEvents("mfa.reset").isEmpty)

            let form = try confirmedForm(question.text)
            #expect(form.action == "/admin/users/\(id)/mfa/reset")
            let done = try root.post(form.action, form.fields)
            #expect(done.status == 303)
            #expect(try app.database.read { try MFAStore($0).devices(userID: id) }.isEmpty)
            #expect(try app.database.read { try WebAuthnStore($0).credentials(userID: id) }.isEmpty)
            #expect(try app.database.read { try MFAStore($0).remainingRecoveryCodes(userID: id) } == 0)
            #expect(try app.auditEvents("mfa.reset").count == 1)
        }
    }

    @Test func disablingAsksFirstNamingTheSessionsItEnds() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let id = try app.userID("alice@example.com")
            let alice = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/users/\(id)").text.contains("href=\"/admin/users/\(id)/disable\""))

            let question = try root.get("/admin/users/\(id)/disable")
            #expect(question.status == 200)
            #expect(question.text.contains("Disable Alice Liddell?"))
            #expect(question.text.contains("Alice Liddell (alice@example.com) can no longer sign in"))
            #expect(question.text.contains("Ends 1 active session at once."))

            let csrf = try #require(Browser.csrf(in: question.text))
            let unconfirmed = try root.post("/admin/users/\(id)/disable", [("csrf", csrf)])
            #expect(unconfirmed.status == 200 && unconfirmed.text.contains("Disable Alice Liddell?"))
            #expect(try app.database.read { try UserStore($0).find(id: id) }?.status == .active)
            #expect(try alice.get("/me/sessions").status == 200)

            let form = try confirmedForm(question.text)
            #expect(try root.post(form.action, form.fields).status == 303)
            #expect(try app.database.read { try UserStore($0).find(id: id) }?.status == .disabled)
            #expect(try alice.get("/me/sessions").status == 303)
            // Disabling oneself is refused before any question.
            #expect(try root.get("/admin/users/\(try app.userID("root@example.com"))/disable").status == 409)
        }
    }

    @Test func endingAllSessionsAsksFirstWithTheirCount() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let id = try app.userID("alice@example.com")
            let laptop = try DirectoryPages.alice(app)
            let phone = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/users/\(id)").text.contains("href=\"/admin/users/\(id)/sessions/end-all\""))

            let question = try root.get("/admin/users/\(id)/sessions/end-all")
            #expect(question.status == 200)
            #expect(question.text.contains("End all sessions of Alice Liddell?"))
            #expect(question.text.contains("Ends 2 active sessions of Alice Liddell (alice@example.com) at once"))

            let csrf = try #require(Browser.csrf(in: question.text))
            let unconfirmed = try root.post("/admin/users/\(id)/sessions/end-all", [("csrf", csrf)])
            #expect(unconfirmed.status == 200 && unconfirmed.text.contains("End all sessions of Alice Liddell?"))
            #expect(try sessionCount(app, id) == 2)

            let form = try confirmedForm(question.text)
            #expect(try root.post(form.action, form.fields).status == 303)
            #expect(try sessionCount(app, id) == 0)
            #expect(try laptop.get("/me/sessions").status == 303 && phone.get("/me/sessions").status == 303)
        }
    }

    @Test func endingOnesOtherSessionsAsksFirstToo() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let id = try app.userID("alice@example.com")
            let other = try DirectoryPages.alice(app)
            let current = try DirectoryPages.alice(app)
            #expect(try current.get("/me/sessions").text.contains(#"href="/me/sessions/end-others""#))

            let question = try current.get("/me/sessions/end-others")
            #expect(question.status == 200)
            #expect(question.text.contains("End your other sessions?") && question.text.contains("Ends 1 other session at once"))
            #expect(!question.text.contains("admin-nav"), "one's own page has no admin navigation")

            let csrf = try #require(Browser.csrf(in: question.text))
            let unconfirmed = try current.post("/me/sessions/end-others", [("csrf", csrf)])
            #expect(unconfirmed.status == 200 && unconfirmed.text.contains("End your other sessions?"))
            #expect(try sessionCount(app, id) == 2)

            let form = try confirmedForm(question.text)
            #expect(try current.post(form.action, form.fields).status == 303)
            #expect(try sessionCount(app, id) == 1)
            #expect(try other.get("/me/sessions").status == 303 && current.get("/me/sessions").status == 200)
        }
    }

    @Test func removingAnAssignmentAsksFirstNamingItForAdminsAndOwners() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try app.userID("alice@example.com")
            let developers = try app.groupID("developers")
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let root = try DirectoryPages.root(app)
            // The row's Remove button is a GET form without the CSRF token (it must not land in a URL).
            let accountPage = try root.get("/admin/accounts/111111111111").text
            #expect(accountPage.contains(#"method="get" action="/admin/accounts/111111111111/assignments/remove""#))

            let query = "principal_type=user&principal_id=\(alice)&permission_set_id=\(readOnly)"
            let question = try root.get("/admin/accounts/111111111111/assignments/remove?\(query)")
            #expect(question.status == 200)
            #expect(question.text.contains("Remove ReadOnlyAccess in app-prod from Alice Liddell (alice@example.com)?"))
            #expect(question.text.contains("AWS account app-prod (111111111111)"))
            #expect(question.text.contains("href=\"/admin/accounts/111111111111\">Cancel</a>"))

            let csrf = try #require(Browser.csrf(in: question.text))
            let unconfirmed = try root.post(
                "/admin/accounts/111111111111/assignments/remove",
                [("csrf", csrf), ("principal_type", "user"), ("principal_id", alice), ("permission_set_id", readOnly)])
            #expect(unconfirmed.status == 200 && unconfirmed.text.contains("Remove ReadOnlyAccess in app-prod"))
            #expect(try app.assignments(.init(principal: .user(alice), accountID: "111111111111")).count == 1)

            let form = try confirmedForm(question.text)
            #expect(form.fields.contains { $0 == ("confirm", "yes") } && form.fields.contains { $0 == ("principal_id", alice) })
            #expect(try root.post(form.action, form.fields).status == 303)
            #expect(try app.assignments(.init(principal: .user(alice), accountID: "111111111111")).isEmpty)
            #expect(try root.get("/admin/accounts/111111111111/assignments/remove?\(query)").status == 404)

            // An owner (under RequireAccountManager, not RequireAdmin) is asked the same, about a group.
            let carol = try DirectoryPages.carol(app)
            let groupQuestion = try carol.get(
                "/admin/accounts/111111111111/assignments/remove?principal_type=group&principal_id=\(developers)&permission_set_id=\(readOnly)"
            )
            #expect(groupQuestion.status == 200)
            #expect(groupQuestion.text.contains("Remove ReadOnlyAccess in app-prod from the group developers?"))
            #expect(groupQuestion.text.contains("Its 1 member can no longer open it"))
            let groupForm = try confirmedForm(groupQuestion.text)
            #expect(try carol.post(groupForm.action, groupForm.fields).status == 303)
            #expect(try app.assignments(.init(principal: .group(developers), accountID: "111111111111")).isEmpty)
            // Not an owner of the other account: no question either.
            #expect(
                try carol.get(
                    "/admin/accounts/222222222222/assignments/remove?principal_type=group&principal_id=\(developers)&permission_set_id=\(readOnly)"
                ).status == 403)
        }
    }
}
