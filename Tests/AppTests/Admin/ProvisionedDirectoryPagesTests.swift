import App
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Users and groups an identity provider provisioned by SCIM, on the admin pages: what it owns is shown
/// and refused on the server; what only Portico knows (the admin flag, Portico's own attributes, a group's
/// description, assignments) stays editable.
struct ProvisionedDirectoryPagesTests {
    /// Grace as Entra sends a user whose sign-in name is not her address, with a department.
    static let grace = """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName": "ghopper", "displayName": "Grace Hopper", "name": {"givenName": "Grace", "familyName": "Hopper"},
         "emails": [{"value": "grace@example.com", "type": "work", "primary": true}], "active": true,
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Navy"}}
        """

    /// Makes a token on the Provisioning page as `root` and provisions Grace with it; returns her id.
    private func provisionGrace(_ app: PorticoApp, root: Browser) throws -> (id: String, scim: SCIMClient) {
        let token = try #require(try ProvisioningPages.createToken(by: root, name: "Entra ID").token)
        let scim = SCIMClient(port: app.server.port, token: token)
        let created = try scim.send("POST", "/Users", Self.grace)
        #expect(created.status == 201)
        return (created.id, scim)
    }

    private func user(_ app: PorticoApp, _ id: String) throws -> User {
        try #require(try app.database.read { try UserStore($0).find(id: id) })
    }

    @Test func aProvisionedUsersNamesStatusAndExistenceAreRefusedWhileTheAdminFlagChanges() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let (id, _) = try provisionGrace(app, root: root)
            let provisioned = try user(app, id)
            #expect(provisioned.source == .scim)

            let page = try root.get("/admin/users/\(id)").text
            #expect(page.contains("<dt>Source</dt><dd>Provisioned by SCIM from your identity provider</dd>"))
            #expect(page.contains("<dt>Contact email</dt><dd>grace@example.com</dd>"), "the address beside a sign-in name that is not one")
            #expect(!page.contains("/admin/users/\(id)/delete") && !page.contains("/admin/users/\(id)/disable"))
            let list = try root.get("/admin/users?q=ghopper").text
            #expect(list.contains(#"title="Provisioned by SCIM from your identity provider">SCIM</span>"#))
            #expect(!(try root.get("/admin/users/\(try app.userID("bob@example.com"))").text.contains("Contact email")))

            let form = try root.get("/admin/users/\(id)/edit")
            #expect(form.status == 200)
            #expect(form.text.contains("<dd>Grace Hopper") && !form.text.contains(#"name="display_name""#), "shown as text, not a field")

            // A hand-made request that renames her is refused beside the field, and nothing is stored.
            let renamed = try root.submit(
                "/admin/users/\(id)/edit", to: "/admin/users/\(id)/edit",
                [("email", "ghopper"), ("display_name", "Someone Else"), ("is_admin", "on")])
            #expect(renamed.status == 422)
            #expect(renamed.text.contains("Display name comes from your identity provider: change it there."))
            #expect(try user(app, id) == provisioned)
            let department = try root.submit(
                "/admin/users/\(id)/edit", to: "/admin/users/\(id)/edit", [("attribute_key", "department"), ("attribute_value", "Army")])
            #expect(department.status == 422 && department.text.contains("Your identity provider sets department"))
            #expect(try user(app, id) == provisioned)

            // The admin flag and Portico's own attributes change; what SCIM sent stays.
            let promoted = try root.submit(
                "/admin/users/\(id)/edit", to: "/admin/users/\(id)/edit",
                [("is_admin", "on"), ("attribute_key", "team"), ("attribute_value", "compilers")])
            #expect(promoted.status == 303)
            let after = try user(app, id)
            #expect(after.isAdmin && after.displayName == "Grace Hopper" && after.email == "ghopper")
            #expect(after.attributes == ["department": "Navy", "team": "compilers"])
            #expect(try app.auditEvents("user.update").first?.target == id)

            // Status and existence are the identity provider's.
            for action in ["disable", "enable"] {
                let refused = try root.submit("/admin/users/\(id)", to: "/admin/users/\(id)/\(action)", [])
                #expect(refused.status == 409, "\(action)")
                #expect(refused.text.contains("Your identity provider owns this user"), "\(action)")
            }
            #expect(try root.get("/admin/users/\(id)/delete").status == 409)
            #expect(try root.get("/admin/users/\(id)/disable").status == 409, "no question about what cannot be done")
            let deleted = try root.submit("/admin/users/\(id)", to: "/admin/users/\(id)/delete", [])
            #expect(deleted.status == 409 && deleted.text.contains("Your identity provider owns this user"))
            #expect(try user(app, id) == after, "still there, still active")
            #expect(try app.auditEvents("user.disable").isEmpty && app.auditEvents("user.delete").isEmpty)
        }
    }

    @Test func aProvisionedGroupKeepsItsNameAndMembersWhileItsDescriptionAndAssignmentsChange() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let (graceID, scim) = try provisionGrace(app, root: root)
            let body = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "aws-platform",
                 "members": [{"value": "\(graceID)"}]}
                """
            let created = try scim.send("POST", "/Groups", body)
            #expect(created.status == 201)
            let id = created.id
            let members = { try app.database.read { try GroupStore($0).memberIDs(groupID: id) } }

            let page = try root.get("/admin/groups/\(id)").text
            #expect(page.contains("<dt>Source</dt><dd>Provisioned by SCIM from your identity provider</dd>"))
            #expect(!page.contains("/admin/groups/\(id)/members") && !page.contains("/admin/groups/\(id)/delete"))
            #expect(try root.get("/admin/groups").text.contains(#"title="Provisioned by SCIM from your identity provider">SCIM</span>"#))

            let renamed = try root.submit(
                "/admin/groups/\(id)/edit", to: "/admin/groups/\(id)/edit", [("name", "renamed"), ("description", "x")])
            #expect(renamed.status == 422 && renamed.text.contains("The name comes from your identity provider: rename the group there."))
            let stored = try #require(try app.database.read { try GroupStore($0).find(id: id) })
            #expect(stored.name == "aws-platform" && stored.description == "")

            // The description is Portico's alone: SCIM groups have none.
            let described = try root.submit("/admin/groups/\(id)/edit", to: "/admin/groups/\(id)/edit", [("description", "Platform team")])
            #expect(described.status == 303)
            let after = try #require(try app.database.read { try GroupStore($0).find(id: id) })
            #expect(after.name == "aws-platform" && after.description == "Platform team")

            let added = try root.submit("/admin/groups/\(id)", to: "/admin/groups/\(id)/members", [("emails", "alice@example.com")])
            #expect(added.status == 409 && added.text.contains("Your identity provider owns this group and its members"))
            let removed = try root.submit("/admin/groups/\(id)", to: "/admin/groups/\(id)/members/\(graceID)/remove", [])
            #expect(removed.status == 409)
            #expect(try members() == [graceID])
            #expect(try root.submit("/admin/groups/\(id)", to: "/admin/groups/\(id)/delete", []).status == 409)
            #expect(try app.database.read { try GroupStore($0).find(id: id) } != nil)

            // Assignments are Portico's: the group gets one on an account's page.
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let assigned = try root.submit(
                "/admin/accounts/222222222222", to: "/admin/accounts/222222222222/assignments",
                [("group", id), ("permission_set", readOnly)])
            #expect(assigned.status == 303)
            #expect(try app.assignments(.init(principal: .group(id))).count == 1)
        }
    }
}
