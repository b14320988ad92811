import App
import Domain
import Foundation
import Storage
import Testing

/// `/admin/groups`: list, create, edit, delete, and membership (several at once, removal).
struct AdminGroupPagesTests {
    @Test func createEditAndDeleteAGroupThroughTheForms() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/groups/new").status == 200)
            let created = try root.submit(
                "/admin/groups/new", to: "/admin/groups/new", [("name", "platform"), ("description", "Platform team")])
            #expect(created.status == 303)
            let id = try app.groupID("platform")
            #expect(created.header("Location") == "/admin/groups/\(id)?done=created")

            let updated = try root.submit(
                "/admin/groups/\(id)/edit", to: "/admin/groups/\(id)/edit",
                [("name", "platform-team"), ("description", "Runs the platform")])
            #expect(updated.status == 303)
            let group = try #require(try app.database.read { try GroupStore($0).find(id: id) })
            #expect(group.name == "platform-team" && group.description == "Runs the platform")
            #expect(try root.get("/admin/groups/\(id)").text.contains("Runs the platform"))

            #expect(try root.get("/admin/groups/\(id)/delete").text.contains("The group has no members and no assignments."))
            let deleted = try root.submit("/admin/groups/\(id)/delete", to: "/admin/groups/\(id)/delete", [])
            #expect(deleted.status == 303 && deleted.header("Location") == "/admin/groups?done=deleted")
            #expect(try app.database.read { try GroupStore($0).find(id: id) } == nil)

            #expect(try app.auditEvents("group.create").first?.target == id)
            let update = try DirectoryPages.details(try #require(try app.auditEvents("group.update").first))
            #expect((update["before"] as? [String: Any])?["name"] as? String == "platform")
            #expect((update["after"] as? [String: Any])?["name"] as? String == "platform-team")
            #expect(try app.auditEvents("group.delete").first?.target == id)
        }
    }

    @Test func deletingAGroupInUseSaysWhatGoes() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try app.groupID("developers")
            let confirm = try root.get("/admin/groups/\(id)/delete").text
            #expect(confirm.contains("The group has 1 member(s) and 2 assignment(s)."))
            #expect(confirm.contains("app-prod") && confirm.contains("app-dev") && confirm.contains("AdministratorAccess"))
            #expect(try root.submit("/admin/groups/\(id)/delete", to: "/admin/groups/\(id)/delete", []).status == 303)
            #expect(try app.assignments(.init(principal: .group(id))).isEmpty)
            let details = try DirectoryPages.details(try #require(try app.auditEvents("group.delete").first))
            #expect(details["members_removed"] as? Int == 1 && details["assignments_removed"] as? Int == 2)
            // Alice keeps her direct assignment.
            let aliceID = try app.userID("alice@example.com")
            #expect(try app.database.read { try AssignmentStore($0).effectiveAccess(for: aliceID) }.map(\.accountID) == ["111111111111"])
        }
    }

    @Test func addSeveralMembersAtOnceAndRemoveOne() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try app.groupID("developers")
            let added = try root.submit(
                "/admin/groups/\(id)", to: "/admin/groups/\(id)/members",
                [("emails", "BOB@example.com\n carol@example.com \n\nalice@example.com\n")])
            #expect(added.status == 303)
            let location = try #require(added.header("Location"))
            #expect(location == "/admin/groups/\(id)?done=members-added&added=2&skipped=1")
            #expect(try root.get(location).text.contains("2 members were added; 1 already belonged to the group."))
            let members = Set(try app.database.read { try GroupStore($0).memberIDs(groupID: id) })
            #expect(
                members
                    == Set([try app.userID("alice@example.com"), try app.userID("bob@example.com"), try app.userID("carol@example.com")]))
            let event = try #require(try app.auditEvents("group.members.add").first)
            #expect(event.target == id)
            #expect(try DirectoryPages.details(event)["added"] as? [String] == ["bob@example.com", "carol@example.com"])

            // The group's access reaches the new members at once.
            let bobID = try app.userID("bob@example.com")
            #expect(try app.database.read { try AssignmentStore($0).effectiveAccess(for: bobID) }.count == 2)

            let page = try root.get("/admin/groups/\(id)").text
            #expect(page.contains("bob@example.com") && page.contains("carol@example.com"))
            let removed = try root.post("/admin/groups/\(id)/members/\(bobID)/remove", [("csrf", try DirectoryPages.csrf(root))])
            #expect(removed.status == 303)
            #expect(!(try app.database.read { try GroupStore($0).memberIDs(groupID: id) }.contains(bobID)))
            #expect(try app.database.read { try AssignmentStore($0).effectiveAccess(for: bobID) }.isEmpty)
            let removal = try #require(try app.auditEvents("group.members.remove").first)
            #expect(try DirectoryPages.details(removal)["removed"] as? [String] == ["bob@example.com"])
            #expect(try root.post("/admin/groups/\(id)/members/\(bobID)/remove", [("csrf", try DirectoryPages.csrf(root))]).status == 404)
        }
    }

    @Test func unknownEmailsAreListedBesideTheFieldAndNobodyIsAdded() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try app.groupID("auditors")
            let refused = try root.submit(
                "/admin/groups/\(id)", to: "/admin/groups/\(id)/members",
                [("emails", "bob@example.com\nnobody@example.com\n<script>@example.com")])
            #expect(refused.status == 422)
            #expect(refused.text.contains("No user has these emails: nobody@example.com, &lt;script&gt;@example.com."))
            #expect(refused.text.contains(">bob@example.com\nnobody@example.com\n&lt;script&gt;@example.com</textarea>"))
            #expect(!refused.text.contains("<script>"))
            #expect(try app.database.read { try GroupStore($0).memberIDs(groupID: id) }.isEmpty)
            #expect(try app.auditEvents("group.members.add").isEmpty)
            #expect(try root.submit("/admin/groups/\(id)", to: "/admin/groups/\(id)/members", [("emails", "  ")]).status == 422)
        }
    }

    @Test func invalidOrDuplicateNamesAreRefusedWithTheTypedValuesKept() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let empty = try root.submit("/admin/groups/new", to: "/admin/groups/new", [("name", " "), ("description", "kept \"here\"")])
            #expect(empty.status == 422)
            #expect(empty.text.contains("Name must not be empty."))
            #expect(empty.text.contains(">kept &quot;here&quot;</textarea>"))
            let duplicate = try root.submit("/admin/groups/new", to: "/admin/groups/new", [("name", "developers")])
            #expect(duplicate.status == 422)
            #expect(duplicate.text.contains("Another group already has this name."))
            #expect(try app.database.read { try GroupStore($0).list(ListQuery(sort: .name)).total } == 2)
        }
    }

    @Test func theListSearchesSortsByMemberCountAndPages() throws {
        try withPortico { app, _ in
            let groups = (1...55).map { #"{"name": "team-\#(String(format: "%02d", $0))", "members": []}"# }
            try app.apply(
                #"{"users": [{"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true}], "groups": ["#
                    + #"{"name": "admins", "description": "The few", "members": ["root@example.com"]}, "# + groups.joined(separator: ", ")
                    + "]}")
            let root = try DirectoryPages.root(app)
            let first = try root.get("/admin/groups").text
            #expect(first.contains("1–50 of 56") && first.contains("rel=\"next\""))
            let byMembers = try root.get("/admin/groups?sort=memberCount&dir=desc").text
            #expect(byMembers.matches(of: /<td><a href="\/admin\/groups\/[0-9a-f-]+">([^<]+)<\/a><\/td>/).first?.1 == "admins")
            let found = try root.get("/admin/groups?q=few").text
            #expect(found.contains(">admins</a>") && !found.contains("team-01") && found.contains("1–1 of 1"))
            #expect(try root.get("/admin/groups?q=zzz").text.contains("No group matches."))
        }
    }
}
