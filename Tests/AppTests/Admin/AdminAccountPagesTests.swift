import App
import Domain
import Foundation
import Storage
import Testing

/// `/admin/accounts`: list, create, edit, delete; assignments many at once from the account page; and what
/// an account's owners may and may not do.
struct AdminAccountPagesTests {
    @Test func createEditAndDeleteAnAccountThroughTheForms() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/accounts/new").status == 200)
            let created = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new",
                [
                    ("id", "3333 3333 3333"), ("name", "data-prod"), ("email", "aws+data@example.com"), ("ou", "root/service/data/prod"),
                    ("environment", "prod"), ("owners", "alice@example.com\nBOB@example.com"),
                ])
            #expect(created.status == 303)
            #expect(created.header("Location") == "/admin/accounts/333333333333?done=created")
            let account = try #require(try app.database.read { try AccountStore($0).find(id: "333333333333") })
            #expect(account.name == "data-prod" && account.ouPath == "root/service/data/prod" && account.environment == "prod")
            #expect(Set(account.owners) == Set([try app.userID("alice@example.com"), try app.userID("bob@example.com")]))

            let edit = try root.get("/admin/accounts/333333333333/edit").text
            #expect(edit.contains("<code>333333333333</code>") && !edit.contains("name=\"id\""))
            // The id cannot change: a smuggled id field is ignored.
            let updated = try root.submit(
                "/admin/accounts/333333333333/edit", to: "/admin/accounts/333333333333/edit",
                [
                    ("id", "444444444444"), ("name", "data-production"), ("email", "aws+data@example.com"), ("ou", "root/service/data"),
                    ("environment", "staging"), ("owners", "carol@example.com"),
                ])
            #expect(updated.status == 303)
            #expect(try app.database.read { try AccountStore($0).find(id: "444444444444") } == nil)
            let after = try #require(try app.database.read { try AccountStore($0).find(id: "333333333333") })
            let carolID = try app.userID("carol@example.com")
            #expect(after.name == "data-production" && after.environment == "staging" && after.owners == [carolID])

            let page = try root.get("/admin/accounts/333333333333").text
            #expect(page.contains("<span class=\"badge badge-staging\">staging</span>"))
            #expect(
                try root.get("/admin/accounts/333333333333/delete").text.contains("0 assignment(s) go with it, and 1 owner(s) lose it."))
            let deleted = try root.submit("/admin/accounts/333333333333/delete", to: "/admin/accounts/333333333333/delete", [])
            #expect(deleted.status == 303 && deleted.header("Location") == "/admin/accounts?done=deleted")
            #expect(try app.database.read { try AccountStore($0).find(id: "333333333333") } == nil)

            let create = try DirectoryPages.details(try #require(try app.auditEvents("account.create").first))
            #expect((create["after"] as? [String: Any])?["owners"] as? [String] == ["alice@example.com", "bob@example.com"])
            let update = try DirectoryPages.details(try #require(try app.auditEvents("account.update").first))
            #expect((update["before"] as? [String: Any])?["name"] as? String == "data-prod")
            #expect((update["after"] as? [String: Any])?["owners"] as? [String] == ["carol@example.com"])
            #expect(try app.auditEvents("account.delete").first?.target == "333333333333")
        }
    }

    @Test func deletingAnAccountSaysHowManyAssignmentsGo() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let confirm = try root.get("/admin/accounts/111111111111/delete").text
            #expect(confirm.contains("2 assignment(s) go with it, and 1 owner(s) lose it."))
            #expect(try root.submit("/admin/accounts/111111111111/delete", to: "/admin/accounts/111111111111/delete", []).status == 303)
            #expect(try app.assignments(.init(accountID: "111111111111")).isEmpty)
            let details = try DirectoryPages.details(try #require(try app.auditEvents("account.delete").first))
            #expect(details["assignments_removed"] as? Int == 2)
        }
    }

    @Test func invalidAccountsAreRefusedWithReasonsAndTypedValuesKept() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let refused = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new",
                [
                    ("id", "12345"), ("name", "typed-name"), ("email", "nope"), ("ou", "service/app"), ("environment", "prod"),
                    ("owners", "ghost@example.com"),
                ])
            #expect(refused.status == 422)
            #expect(refused.text.contains("Account id must be exactly 12 digits."))
            #expect(refused.text.contains("Email must contain exactly one @."))
            #expect(refused.text.contains("OU path must start with root"))
            #expect(refused.text.contains("No user has this email: ghost@example.com."))
            #expect(refused.text.contains("value=\"12345\"") && refused.text.contains("value=\"typed-name\""))
            #expect(refused.text.contains("value=\"service/app\"") && refused.text.contains(">ghost@example.com</textarea>"))

            let duplicate = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new",
                [("id", "111111111111"), ("name", "again"), ("email", "a@example.com"), ("ou", "root")])
            #expect(duplicate.status == 422)
            #expect(duplicate.text.contains("An account with this id already exists."))
            #expect(try app.database.read { try AccountStore($0).find(id: "111111111111") }?.name == "app-prod")
            #expect(try app.auditEvents("account.create").isEmpty)
        }
    }

    @Test func assignmentsAreCreatedManyAtOnceAndShownOnUserAndGroupPages() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let admin = try app.permissionSetID("AdministratorAccess")
            let auditors = try app.groupID("auditors")
            let page = try root.get("/admin/accounts/222222222222").text
            #expect(page.contains("<option value=\"\(auditors)\">auditors</option>"))
            #expect(page.contains("name=\"permission_set\" value=\"\(readOnly)\""))

            let fields: [(String, String)] = [
                ("users", "alice@example.com\nbob@example.com"), ("group", auditors), ("permission_set", readOnly),
                ("permission_set", admin),
            ]
            let added = try root.submit("/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments", fields)
            #expect(added.status == 303)
            let location = try #require(added.header("Location"))
            #expect(location == "/admin/accounts/222222222222?done=assignments-added&added=6&skipped=0")
            #expect(try root.get(location).text.contains("6 assignments were created."))
            #expect(try app.assignments(.init(accountID: "222222222222")).count == 7)
            let again = try root.submit("/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments", fields)
            #expect(again.header("Location") == "/admin/accounts/222222222222?done=assignments-added&added=0&skipped=6")
            #expect(try app.assignments(.init(accountID: "222222222222")).count == 7)

            let events = try app.auditEvents("assignment.create")
            #expect(events.count == 6)
            #expect(events.contains { $0.target == "222222222222 ReadOnlyAccess user:bob@example.com" })
            #expect(events.contains { $0.target == "222222222222 AdministratorAccess group:auditors" })

            // Visible from the user page (direct assignments and effective access) and the group page.
            let bobID = try app.userID("bob@example.com")
            let bobPage = try root.get("/admin/users/\(bobID)").text
            let direct = try #require(bobPage.firstMatch(of: /id="direct-assignments"(?s)(.*)/)).1
            #expect(direct.contains("app-dev") && direct.contains("ReadOnlyAccess") && direct.contains("AdministratorAccess"))
            #expect(try app.database.read { try AssignmentStore($0).effectiveAccess(for: bobID) }.count == 2)
            let groupPage = try root.get("/admin/groups/\(auditors)").text
            let groupAssignments = try #require(groupPage.firstMatch(of: /id="assignments"(?s)(.*)/)).1
            #expect(groupAssignments.contains("app-dev") && groupAssignments.contains("AdministratorAccess"))

            // Remove one, from the account page.
            let removed = try root.post(
                "/admin/accounts/222222222222/assignments/remove",
                [
                    ("csrf", try DirectoryPages.csrf(root)), ("confirm", "yes"), ("principal_type", "user"), ("principal_id", bobID),
                    ("permission_set_id", admin),
                ])
            #expect(removed.status == 303)
            #expect(!(try app.assignments(.init(principal: .user(bobID))).contains { $0.permissionSetID == admin }))
            #expect(
                try app.database.read { try AssignmentStore($0).effectiveAccess(for: bobID) }.map(\.permissionSetName) == ["ReadOnlyAccess"]
            )
            let removal = try #require(try app.auditEvents("assignment.delete").first)
            #expect(removal.target == "222222222222 AdministratorAccess user:bob@example.com")
            let again404 = try root.post(
                "/admin/accounts/222222222222/assignments/remove",
                [
                    ("csrf", try DirectoryPages.csrf(root)), ("confirm", "yes"), ("principal_type", "user"), ("principal_id", bobID),
                    ("permission_set_id", admin),
                ])
            #expect(again404.status == 404)
        }
    }

    @Test func anIncompleteAssignmentFormIsShownAgainWithNothingWritten() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let auditors = try app.groupID("auditors")
            let unknown = try root.submit(
                "/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments",
                [("users", "bob@example.com\nghost@example.com"), ("group", auditors), ("permission_set", readOnly)])
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("No user has this email: ghost@example.com."))
            #expect(unknown.text.contains(">bob@example.com\nghost@example.com</textarea>"))
            #expect(unknown.text.contains("<option value=\"\(auditors)\" selected>auditors</option>"))
            #expect(unknown.text.contains("value=\"\(readOnly)\" checked"))
            let noSets = try root.submit(
                "/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments", [("users", "bob@example.com")])
            #expect(noSets.status == 422)
            #expect(noSets.text.contains("Pick at least one permission set."))
            let nobody = try root.submit(
                "/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments", [("permission_set", readOnly)])
            #expect(nobody.text.contains("Enter at least one user or pick at least one group."))
            #expect(try app.assignments(.init(accountID: "222222222222")).count == 1)
            #expect(try app.auditEvents("assignment.create").isEmpty)
        }
    }

    @Test func ownersManageTheirOwnAccountsAssignmentsAndNothingElse() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let carol = try DirectoryPages.carol(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let bobID = try app.userID("bob@example.com")
            let developers = try app.groupID("developers")

            // The entry point: a header link, and a list of only their accounts.
            #expect(try carol.get("/me/sessions").text.contains("<a href=\"/admin/accounts\">Accounts I manage</a>"))
            #expect(!(try DirectoryPages.alice(app).get("/me/sessions").text.contains("Accounts I manage")))
            let list = try carol.get("/admin/accounts")
            #expect(list.status == 200)
            #expect(list.text.contains("app-prod") && !list.text.contains("app-dev"))
            #expect(!list.text.contains("New account"))

            let page = try carol.get("/admin/accounts/111111111111")
            #expect(page.status == 200)
            #expect(!page.text.contains("/admin/accounts/111111111111/edit") && !page.text.contains("/admin/accounts/111111111111/delete"))
            #expect(!page.text.contains("href=\"/admin/users/") && !page.text.contains("href=\"/admin/groups/"))
            #expect(!page.text.contains("aria-label=\"Administration\""))

            let csrf = try DirectoryPages.csrf(carol, "/admin/accounts/111111111111")
            let added = try carol.post(
                "/admin/accounts/111111111111/assignments", [("csrf", csrf), ("users", "bob@example.com"), ("permission_set", readOnly)])
            #expect(added.status == 303)
            #expect(try app.assignments(.init(principal: .user(bobID))).count == 1)
            let event = try #require(try app.auditEvents("assignment.create", actor: "carol@example.com").first)
            #expect(try DirectoryPages.details(event)["by"] as? String == "owner")
            let removed = try carol.post(
                "/admin/accounts/111111111111/assignments/remove",
                [
                    ("csrf", csrf), ("confirm", "yes"), ("principal_type", "group"), ("principal_id", developers),
                    ("permission_set_id", readOnly),
                ])
            #expect(removed.status == 303)
            #expect(try app.assignments(.init(principal: .group(developers), accountID: "111111111111")).isEmpty)

            // Another account, and every other admin page, is refused.
            #expect(try carol.get("/admin/accounts/222222222222").status == 403)
            #expect(
                try carol.post(
                    "/admin/accounts/222222222222/assignments",
                    [("csrf", csrf), ("users", "bob@example.com"), ("permission_set", readOnly)]
                ).status == 403)
            #expect(
                try carol.post(
                    "/admin/accounts/222222222222/assignments/remove",
                    [
                        ("csrf", csrf), ("confirm", "yes"), ("principal_type", "group"), ("principal_id", developers),
                        ("permission_set_id", try app.permissionSetID("AdministratorAccess")),
                    ]
                ).status == 403)
            #expect(try app.assignments(.init(accountID: "222222222222")).count == 1)
            #expect(try app.assignments(.init(principal: .user(bobID))).count == 1)
            for path in [
                "/admin/accounts/111111111111/edit", "/admin/accounts/111111111111/delete", "/admin/accounts/new", "/admin/groups",
                "/admin/groups/\(developers)", "/admin/users", "/admin/users/\(bobID)",
            ] {
                #expect(try carol.get(path).status == 403, "GET \(path)")
            }
            #expect(try carol.post("/admin/accounts/111111111111/edit", [("csrf", csrf), ("name", "taken")]).status == 403)
            #expect(try carol.post("/admin/accounts/111111111111/delete", [("csrf", csrf)]).status == 403)
            #expect(try app.database.read { try AccountStore($0).find(id: "111111111111") }?.name == "app-prod")

            // Ownership is read from the database on every request: removed, and the next request is refused.
            let root = try DirectoryPages.root(app)
            let cleared = try root.submit(
                "/admin/accounts/111111111111/edit", to: "/admin/accounts/111111111111/edit",
                [
                    ("name", "app-prod"), ("email", "aws+prod@example.com"), ("ou", "root/service/app/prod"), ("environment", "prod"),
                    ("owners", ""),
                ])
            #expect(cleared.status == 303)
            #expect(try carol.get("/admin/accounts/111111111111").status == 403)
            #expect(try carol.get("/admin/accounts").status == 403)
        }
    }

    @Test func theListSearchesByNameIdEmailAndOUAndShowsEnvironmentBadges() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let all = try root.get("/admin/accounts").text
            #expect(
                all.contains("<span class=\"badge badge-prod\">prod</span>") && all.contains("<span class=\"badge badge-dev\">dev</span>"))
            for query in ["app-dev", "2222222", "aws%2Bdev", "service%2Fapp%2Fdev"] {
                let found = try root.get("/admin/accounts?q=\(query)").text
                #expect(found.contains("/admin/accounts/222222222222") && !found.contains("/admin/accounts/111111111111\""), "q=\(query)")
            }
            let byID = try root.get("/admin/accounts?sort=id&dir=desc").text
            let ids = byID.matches(of: /<code>(\d{12})<\/code>/).map { String($0.1) }
            #expect(ids == ["222222222222", "111111111111"])
        }
    }
}
