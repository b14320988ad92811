import App
import Domain
import Foundation
import Storage
import Testing

/// `/admin/users`: creating, editing and deleting users through the forms; paging and sorting the list;
/// the user page's effective access and direct assignments.
struct AdminUserDirectoryTests {
    @Test func createEditAndDeleteAUserThroughTheForms() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/users/new").status == 200)
            let created = try root.submit(
                "/admin/users/new", to: "/admin/users/new",
                [
                    ("email", "dave@example.com"), ("display_name", "Dave Jones"), ("given_name", "Dave"), ("family_name", "Jones"),
                    ("attribute_key", "department"), ("attribute_value", "eng"), ("attribute_key", ""), ("attribute_value", ""),
                ])
            #expect(created.status == 303)
            let id = try app.userID("dave@example.com")
            #expect(created.header("Location") == "/admin/users/\(id)?done=created")
            let stored = try #require(try app.database.read { try UserStore($0).find(id: id) })
            #expect(stored.displayName == "Dave Jones" && stored.givenName == "Dave" && stored.attributes == ["department": "eng"])
            #expect(!stored.isAdmin)
            #expect(try root.get("/admin/users/\(id)?done=created").text.contains("The user was created."))

            let edit = try root.get("/admin/users/\(id)/edit")
            #expect(edit.status == 200)
            #expect(edit.text.contains("value=\"department\"") && edit.text.contains("value=\"eng\""))
            let updated = try root.submit(
                "/admin/users/\(id)/edit", to: "/admin/users/\(id)/edit",
                [
                    ("email", "David@Example.com"), ("display_name", "David Jones"), ("given_name", "David"), ("family_name", "Jones"),
                    ("is_admin", "on"), ("attribute_key", "cost-center"), ("attribute_value", "42"),
                ])
            #expect(updated.status == 303)
            let after = try #require(try app.database.read { try UserStore($0).find(id: id) })
            #expect(after.email == "David@Example.com" && after.displayName == "David Jones" && after.isAdmin)
            #expect(after.attributes == ["cost-center": "42"])

            let confirm = try root.get("/admin/users/\(id)/delete")
            #expect(confirm.status == 200)
            #expect(confirm.text.contains("Delete David@Example.com?"))
            let deleted = try root.submit("/admin/users/\(id)/delete", to: "/admin/users/\(id)/delete", [])
            #expect(deleted.status == 303)
            #expect(deleted.header("Location") == "/admin/users?done=deleted")
            #expect(try app.database.read { try UserStore($0).find(id: id) } == nil)
            #expect(try root.get("/admin/users?done=deleted").text.contains("The user was deleted."))
            #expect(try root.get("/admin/users/\(id)").status == 404)

            let create = try #require(try app.auditEvents("user.create").first)
            #expect(create.actor == "root@example.com" && create.target == id)
            let update = try #require(try app.auditEvents("user.update").first)
            let details = try DirectoryPages.details(update)
            #expect((details["before"] as? [String: Any])?["display_name"] as? String == "Dave Jones")
            #expect((details["after"] as? [String: Any])?["display_name"] as? String == "David Jones")
            #expect((details["after"] as? [String: Any])?["admin"] as? Bool == true)
            let delete = try #require(try app.auditEvents("user.delete").first)
            #expect(delete.target == id)
            #expect((try DirectoryPages.details(delete)["before"] as? [String: Any])?["email"] as? String == "David@Example.com")
        }
    }

    @Test func deletingAUserSaysWhatGoesAndTakesSessionsMembershipsAssignmentsAndOwnerships() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let aliceID = try app.userID("alice@example.com")
            let alice = try DirectoryPages.alice(app)
            try app.database.write { db in
                var account = try #require(try AccountStore(db).find(id: "222222222222"))
                account.owners = [aliceID]
                try AccountStore(db).update(account)
            }
            let root = try DirectoryPages.root(app)
            let confirm = try root.get("/admin/users/\(aliceID)/delete")
            #expect(confirm.text.contains("1 active session(s)"))
            #expect(confirm.text.contains("membership of 1 group(s)") && confirm.text.contains("developers"))
            #expect(confirm.text.contains("1 direct assignment(s)"))
            #expect(confirm.text.contains("ownership of 1 account(s)") && confirm.text.contains("app-dev (222222222222)"))
            // Nothing goes until the admin confirms.
            #expect(try alice.get("/me/sessions").status == 200)

            #expect(try root.submit("/admin/users/\(aliceID)/delete", to: "/admin/users/\(aliceID)/delete", []).status == 303)
            #expect(try alice.get("/me/sessions").status == 303)
            #expect(try app.assignments(.init(principal: .user(aliceID))).isEmpty)
            #expect(try app.database.read { try GroupStore($0).memberIDs(groupID: try app.groupID("developers")) }.isEmpty)
            #expect(try app.database.read { try AccountStore($0).find(id: "222222222222") }?.owners == [])
            let details = try DirectoryPages.details(try #require(try app.auditEvents("user.delete").first))
            #expect(details["sessions_ended"] as? Int == 1)
            #expect(details["assignments_removed"] as? Int == 1)
            #expect(details["groups"] as? [String] == ["developers"])
        }
    }

    @Test func invalidInputIsShownAgainWithReasonsBesideTheFieldsAndNothingIsStored() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let before = try app.database.read { try UserStore($0).count() }
            let long = String(repeating: "長", count: 300)
            let refused = try root.submit(
                "/admin/users/new", to: "/admin/users/new",
                [
                    ("email", "not-an-email"), ("display_name", long), ("given_name", "Ann \"The\" <One>"),
                    ("attribute_key", "bad key!"), ("attribute_value", "x"),
                ])
            #expect(refused.status == 422)
            #expect(refused.text.contains("Email must contain exactly one @."))
            #expect(refused.text.contains("Display name must be at most 256 characters."))
            #expect(refused.text.contains("Key must be 1 to 128 letters"))
            #expect(refused.text.contains("value=\"not-an-email\""))
            #expect(refused.text.contains("value=\"\(long)\""))
            #expect(refused.text.contains("value=\"Ann &quot;The&quot; &lt;One&gt;\""))
            #expect(refused.text.contains("value=\"bad key!\""))
            #expect(refused.text.contains("aria-invalid=\"true\" aria-describedby=\"email-error\""))

            let duplicate = try root.submit(
                "/admin/users/new", to: "/admin/users/new", [("email", "ALICE@example.com"), ("display_name", "Another Alice")])
            #expect(duplicate.status == 422)
            #expect(duplicate.text.contains("Another user already has this email."))
            #expect(duplicate.text.contains("value=\"Another Alice\""))
            #expect(try app.database.read { try UserStore($0).count() } == before)
            #expect(try app.auditEvents("user.create").isEmpty)

            let bobID = try app.userID("bob@example.com")
            let clash = try root.submit(
                "/admin/users/\(bobID)/edit", to: "/admin/users/\(bobID)/edit",
                [("email", "alice@example.com"), ("display_name", "Bob Builder")])
            #expect(clash.status == 422)
            #expect(try app.database.read { try UserStore($0).find(id: bobID) }?.email == "bob@example.com")
        }
    }

    @Test func anAdminCannotDropTheirOwnAdminFlagOrDeleteThemselves() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let rootID = try app.userID("root@example.com")
            let dropped = try root.submit(
                "/admin/users/\(rootID)/edit", to: "/admin/users/\(rootID)/edit",
                [("email", "root@example.com"), ("display_name", "Root Admin")])
            #expect(dropped.status == 422)
            #expect(dropped.text.contains("You cannot remove your own admin rights."))
            #expect(try app.database.read { try UserStore($0).find(id: rootID) }?.isAdmin == true)
            #expect(try root.get("/admin/users/\(rootID)/delete").status == 409)
            #expect(try root.post("/admin/users/\(rootID)/delete", [("csrf", try DirectoryPages.csrf(root))]).status == 409)
            #expect(try app.database.read { try UserStore($0).find(id: rootID) } != nil)
        }
    }

    @Test func userPageShowsEffectiveAccessWithWhereEachPairComesFromAndDirectAssignments() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let aliceID = try app.userID("alice@example.com")
            let page = try root.get("/admin/users/\(aliceID)").text
            let access = try #require(page.firstMatch(of: /id="effective-access"(?s)(.*?)id="direct-assignments"/)).1
            // app-dev: AdministratorAccess through developers only; app-prod: ReadOnlyAccess both directly and through developers.
            let devRow = try #require(
                access.firstMatch(of: /(?s)<tr>\s*<td><a href="\/admin\/accounts\/222222222222">app-dev<\/a>.*?<\/tr>/)
            ).0
            #expect(devRow.contains("AdministratorAccess") && devRow.contains("group <a href=\"/admin/groups/"))
            #expect(!devRow.contains("direct assignment"))
            let prodRow = try #require(
                access.firstMatch(of: /(?s)<tr>\s*<td><a href="\/admin\/accounts\/111111111111">app-prod<\/a>.*?<\/tr>/)
            ).0
            #expect(prodRow.contains("ReadOnlyAccess") && prodRow.contains("direct assignment") && prodRow.contains(">developers</a>"))

            let direct = try #require(page.firstMatch(of: /id="direct-assignments"(?s)(.*)/)).1
            #expect(direct.contains("app-prod") && direct.contains("ReadOnlyAccess"))
            #expect(!direct.contains("AdministratorAccess"))
            #expect(page.contains("<a href=\"/admin/groups/\(try app.groupID("developers"))\">developers</a>"))

            // A disabled user holds nothing, whatever is assigned.
            #expect(
                try root.post("/admin/users/\(aliceID)/disable", [("csrf", try DirectoryPages.csrf(root)), ("confirm", "yes")]).status
                    == 303)
            #expect(try root.get("/admin/users/\(aliceID)").text.contains("A disabled user holds no access"))
        }
    }

    @Test func theUserListPagesAndSortsWithSafeKeys() throws {
        try withPortico { app, _ in
            let users = (1...60).map { number in
                #"{"email": "user\#(String(format: "%02d", number))@example.com", "display_name": "Person \#(String(format: "%02d", 61 - number))"}"#
            }
            try app.apply(
                #"{"users": [{"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true}, "#
                    + users.joined(separator: ", ") + "]}")
            let root = try DirectoryPages.root(app)
            let first = try root.get("/admin/users").text
            #expect(first.contains("1–50 of 61"))
            #expect(first.contains("href=\"/admin/users?page=2\" rel=\"next\""))
            #expect(first.contains("user01@example.com") && !first.contains("user55@example.com"))
            let second = try root.get("/admin/users?sort=email&page=2").text
            #expect(second.contains("51–61 of 61") && second.contains("user55@example.com") && second.contains("root@example.com"))
            #expect(!second.contains("user01@example.com"))
            #expect(second.contains("rel=\"prev\""))

            let byName = try root.get("/admin/users?sort=displayName&dir=desc").text
            let order = byName.matches(of: /<td>(Person \d\d|Root Admin)<\/td>/).map { String($0.1) }
            #expect(order.prefix(3) == ["Root Admin", "Person 60", "Person 59"])
            #expect(byName.contains("aria-sort=\"descending\""))
            // The current column's link flips the direction; the search is kept in every link.
            let searched = try root.get("/admin/users?q=user0&sort=displayName").text
            #expect(searched.contains("href=\"/admin/users?q=user0&amp;sort=displayName&amp;dir=desc\""))
            #expect(searched.contains("1–9 of 9"))

            // Keys outside the allow-list, and nonsense pages, fall back to the defaults.
            let hostile = try root.get("/admin/users?sort=email%3BDROP%20TABLE%20users&dir=sideways&page=-3")
            #expect(hostile.status == 200)
            #expect(hostile.text.contains("1–50 of 61"))
            #expect(try root.get("/admin/users?page=99999999999999999999").text.contains("1–50 of 61"))
            #expect(try root.get("/admin/users?page=9").text.contains("Page 9 is past the end of the list"))
        }
    }
}
