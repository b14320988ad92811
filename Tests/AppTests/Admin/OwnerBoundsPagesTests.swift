import App
import Directory
import Domain
import Foundation
import HTTPServer
import Storage
import Testing

/// Issue 20's "account owners with bounds", as it is shown: an owner cannot grant outside the bounds
/// through the form or by a crafted POST, cannot grant to vendors when that is off, and sees the bounds;
/// admins can.
struct OwnerBoundsPagesTests {
    /// `DirectoryPages.directory` with a vendor, and carol (owner of 111111111111, `root/service/app/prod`)
    /// bounded to ReadOnlyAccess, no groups, users of the organisation (`example.com`) only.
    static let bounded = DirectoryPages.directory.replacingOccurrences(
        of: #"{"email": "bob@example.com", "display_name": "Bob Builder"},"#,
        with:
            #"{"email": "bob@example.com", "display_name": "Bob Builder"}, {"email": "pat@partner.example", "display_name": "Pat Vendor"},"#
    ).replacingOccurrences(
        of: #"  "permission_sets": ["#,
        with: """
              "settings": {"organisation_domains": ["example.com"]},
              "owner_bounds": [
                {"account": "111111111111", "permission_sets": ["ReadOnlyAccess"], "groups": false, "users": "organisation"}
              ],
              "permission_sets": [
            """)

    @Test func theFixtureHasTheVendorAndTheBounds() throws {
        try withPortico { app, _ in
            _ = try app.apply(Self.bounded)
            #expect(try app.userID("pat@partner.example").isEmpty == false)
            let bounds = try #require(try app.database.read { try OwnerBoundsStore($0).find(.account("111111111111")) })
            #expect(
                bounds.permissionSetIDs == [try app.permissionSetID("ReadOnlyAccess")] && !bounds.groups && bounds.users == .organisation)
        }
    }

    @Test func anOwnerSeesTheBoundsAndOnlyTheChoicesTheyAllow() throws {
        try withPortico { app, _ in
            _ = try app.apply(Self.bounded)
            let page = try DirectoryPages.carol(app).get("/admin/accounts/111111111111").text
            #expect(
                page.contains(
                    "As an owner you may grant ReadOnlyAccess only to users of the organisation (addresses at example.com), not to groups."
                        + " These bounds are set for this account."))
            #expect(page.contains("value=\"\(try app.permissionSetID("ReadOnlyAccess"))\""))
            #expect(!page.contains("value=\"\(try app.permissionSetID("AdministratorAccess"))\""))
            #expect(!page.contains("name=\"group\"") && page.contains("name=\"users\""))
            #expect(!page.contains("Admins are not bound"))
        }
    }

    @Test func anOwnerCannotGrantOutsideTheBoundsByACraftedPost() throws {
        try withPortico { app, _ in
            _ = try app.apply(Self.bounded)
            let carol = try DirectoryPages.carol(app)
            let csrf = try DirectoryPages.csrf(carol, "/admin/accounts/111111111111")
            let before = try app.assignments(.init(accountID: "111111111111"))
            let admin = try carol.post(
                "/admin/accounts/111111111111/assignments",
                [("csrf", csrf), ("users", "bob@example.com"), ("permission_set", try app.permissionSetID("AdministratorAccess"))])
            #expect(admin.status == 403)
            #expect(admin.text.contains("Owners of this account may not grant AdministratorAccess."))
            // Nothing was written, but the attempt is in the audit log, naming the owner and what was refused.
            let attempt = try #require(
                try app.auditEvents("assignment.create", actor: "carol@example.com").first { $0.outcome == .failure })
            #expect(attempt.actor == "carol@example.com" && attempt.target == "111111111111")
            #expect(attempt.details.contains(#""reason":"outside_owner_bounds""#) && attempt.details.contains("AdministratorAccess"))
            // Both sets at once: the one allowed is not granted either.
            let mixed = try carol.post(
                "/admin/accounts/111111111111/assignments",
                [
                    ("csrf", csrf), ("users", "carol@example.com"), ("permission_set", try app.permissionSetID("ReadOnlyAccess")),
                    ("permission_set", try app.permissionSetID("AdministratorAccess")),
                ])
            #expect(mixed.status == 403)
            let group = try carol.post(
                "/admin/accounts/111111111111/assignments",
                [("csrf", csrf), ("group", try app.groupID("auditors")), ("permission_set", try app.permissionSetID("ReadOnlyAccess"))])
            #expect(group.status == 403)
            #expect(group.text.contains("Owners of this account may not assign groups."))
            #expect(try app.assignments(.init(accountID: "111111111111")) == before)
            #expect(try app.auditEvents("assignment.create", actor: "carol@example.com").allSatisfy { $0.outcome == .failure })
        }
    }

    @Test func anOwnerCannotGrantToVendorsWhenThatIsOffButMayToTheOrganisation() throws {
        try withPortico { app, _ in
            _ = try app.apply(Self.bounded)
            let carol = try DirectoryPages.carol(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            // Through the form as the page offers it: the vendor's address typed into the users field.
            let vendor = try carol.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [("users", "pat@partner.example"), ("permission_set", readOnly)])
            #expect(vendor.status == 403)
            #expect(vendor.text.contains("pat@partner.example is not a user of the organisation"))
            #expect(try app.assignments(.init(principal: .user(try app.userID("pat@partner.example")))).isEmpty)

            let bob = try carol.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [("users", "bob@example.com"), ("permission_set", readOnly)])
            #expect(bob.status == 303)
            #expect(try app.assignments(.init(principal: .user(try app.userID("bob@example.com")))).count == 1)
            let event = try #require(try app.auditEvents("assignment.create", actor: "carol@example.com").first)
            let details = try DirectoryPages.details(event)
            #expect(details["by_owner"] as? Bool == true && details["user"] as? String == "bob@example.com")
            #expect(event.target == "111111111111 ReadOnlyAccess user:bob@example.com")

            // With vendors allowed (users: all), the same grant goes through.
            _ = try app.apply(
                #"{"owner_bounds": [{"account": "111111111111", "permission_sets": ["ReadOnlyAccess"], "groups": false, "users": "all"}]}"#)
            let allowed = try carol.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [("users", "pat@partner.example"), ("permission_set", readOnly)])
            #expect(allowed.status == 303)
        }
    }

    @Test func adminsAreNotBoundAndSeeWhatOwnersMayGrant() throws {
        try withPortico { app, _ in
            _ = try app.apply(Self.bounded)
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/accounts/111111111111").text
            #expect(page.contains("Its owners may grant ReadOnlyAccess only to users of the organisation"))
            #expect(page.contains("Admins are not bound."))
            #expect(page.contains("value=\"\(try app.permissionSetID("AdministratorAccess"))\"") && page.contains("name=\"group\""))
            let added = try root.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [
                    ("users", "pat@partner.example"), ("group", try app.groupID("auditors")),
                    ("permission_set", try app.permissionSetID("AdministratorAccess")),
                ])
            #expect(added.status == 303)
            #expect(
                try app.assignments(.init(accountID: "111111111111", permissionSetID: try app.permissionSetID("AdministratorAccess"))).count
                    == 2)
            let event = try #require(try app.auditEvents("assignment.create").first)
            #expect(try DirectoryPages.details(event)["by_owner"] as? Bool == false)

            // Without bounds anywhere, owners grant as before, and the admin's page nudges to set some.
            let unbounded = try root.get("/admin/accounts/222222222222").text
            #expect(unbounded.contains("Its owners may grant every permission set to any group or user"))
            #expect(unbounded.contains("href=\"/admin/accounts/222222222222/edit#owner-bounds\""))
        }
    }

    @Test func adminsSetAnAccountsBoundsOnItsEditPageAndOwnersAreHeldToThem() throws {
        try withPortico { app, _ in
            _ = try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let carol = try DirectoryPages.carol(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let admin = try app.permissionSetID("AdministratorAccess")
            // Before: as today, an owner may grant AdministratorAccess, to themselves included.
            #expect(try carol.get("/admin/accounts/111111111111").text.contains("value=\"\(admin)\""))

            let edit = try root.get("/admin/accounts/111111111111/edit")
            #expect(edit.text.contains("action=\"/admin/accounts/111111111111/owner-bounds\""))
            #expect(edit.text.contains("Its owners may grant every permission set to any group or user"))
            let invalid = try root.submit(
                "/admin/accounts/111111111111/edit", to: "/admin/accounts/111111111111/owner-bounds",
                [("bounds", "set"), ("bound_permission_set", FieldRules.newIdentifier())])
            #expect(invalid.status == 422)
            #expect(invalid.text.contains("A picked permission set no longer exists; pick again."))
            #expect(invalid.text.contains("Pick which users owners may assign."))
            #expect(try app.database.read { try OwnerBoundsStore($0).all() }.isEmpty)
            let saved = try root.submit(
                "/admin/accounts/111111111111/edit", to: "/admin/accounts/111111111111/owner-bounds",
                [("bounds", "set"), ("bound_permission_set", readOnly), ("bound_groups", "on"), ("bound_users", "none")])
            #expect(saved.status == 303)
            // Named as `portico apply` names it: bounds that did not exist before are created.
            let event = try #require(try app.auditEvents("owner_bounds.create").first)
            #expect(event.target == "account:111111111111")
            let after = try #require(try DirectoryPages.details(event)["after"] as? [String: Any])
            #expect(after["permission_sets"] as? [String] == ["ReadOnlyAccess"] && after["users"] as? String == "none")

            let page = try carol.get("/admin/accounts/111111111111").text
            #expect(page.contains("As an owner you may grant ReadOnlyAccess to groups only."))
            #expect(!page.contains("value=\"\(admin)\"") && !page.contains("name=\"users\"") && page.contains("name=\"group\""))
            let csrf = try DirectoryPages.csrf(carol, "/admin/accounts/111111111111")
            let toSelf = try carol.post(
                "/admin/accounts/111111111111/assignments", [("csrf", csrf), ("users", "carol@example.com"), ("permission_set", admin)])
            #expect(toSelf.status == 403)
            let user = try carol.post(
                "/admin/accounts/111111111111/assignments", [("csrf", csrf), ("users", "bob@example.com"), ("permission_set", readOnly)])
            #expect(user.status == 403)
            #expect(user.text.contains("Owners of this account may not assign users directly."))
            let group = try carol.post(
                "/admin/accounts/111111111111/assignments",
                [("csrf", csrf), ("group", try app.groupID("auditors")), ("permission_set", readOnly)])
            #expect(group.status == 303)

            // Owners cannot change their own bounds.
            let crafted = try carol.post(
                "/admin/accounts/111111111111/owner-bounds", [("csrf", csrf), ("bounds", "inherit")])
            #expect(crafted.status == 403)
            #expect(try app.database.read { try OwnerBoundsStore($0).find(.account("111111111111")) } != nil)
        }
    }

    @Test func anOUDefaultHoldsForItsAccountsWithoutBoundsOfTheirOwn() throws {
        try withPortico { app, _ in
            _ = try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            #expect(try root.get("/admin/owner-bounds").text.contains("No OU has a default yet."))
            let saved = try root.submit(
                "/admin/owner-bounds", to: "/admin/owner-bounds",
                [("ou", "root/service/app"), ("bound_permission_set", readOnly), ("bound_users", "all")])
            #expect(saved.status == 303)
            let list = try root.get("/admin/owner-bounds").text
            #expect(list.contains("<code>root/service/app</code>") && list.contains("Owners may grant ReadOnlyAccess to users only"))
            let bad = try root.submit("/admin/owner-bounds", to: "/admin/owner-bounds", [("ou", "service/app"), ("bound_users", "all")])
            #expect(bad.status == 422 && bad.text.contains("OU path must start with root"))

            let carol = try DirectoryPages.carol(app)
            #expect(
                try carol.get("/admin/accounts/111111111111").text.contains("These bounds are the default for the OU root/service/app."))
            #expect(try carol.get("/admin/owner-bounds").status == 403)
            let csrf = try DirectoryPages.csrf(carol, "/admin/accounts/111111111111")
            let refused = try carol.post(
                "/admin/accounts/111111111111/assignments",
                [("csrf", csrf), ("users", "bob@example.com"), ("permission_set", try app.permissionSetID("AdministratorAccess"))])
            #expect(refused.status == 403)

            // The account's own bounds win over the OU's; without them the OU's hold again; removing the
            // default lifts the OU's bounds.
            _ = try app.apply(
                """
                {"owner_bounds": [
                  {"account": "111111111111", "permission_sets": [], "groups": false, "users": "none"},
                  {"ou": "root/service/app", "permission_sets": ["ReadOnlyAccess"]}
                ]}
                """)
            #expect(try carol.get("/admin/accounts/111111111111").text.contains("As an owner you may grant nothing in this account."))
            _ = try app.apply(#"{"owner_bounds": [{"ou": "root/service/app", "permission_sets": ["ReadOnlyAccess"]}]}"#)
            #expect(
                try carol.get("/admin/accounts/111111111111").text.contains(
                    "As an owner you may grant ReadOnlyAccess to groups and users. These bounds are the default for the OU root/service/app."
                ))
            let removed = try root.submit(
                "/admin/owner-bounds", to: "/admin/owner-bounds/remove", [("ou", "root/service/app")])
            #expect(removed.status == 303)
            #expect(try carol.get("/admin/accounts/111111111111").text.contains("no bounds are set for this account or its OUs"))
            #expect(try app.auditEvents("owner_bounds.delete").first?.target == "ou:root/service/app")
        }
    }

    @Test func ownersChangesReachTheAdminsWebhookOnlyWhenTheSettingsAskForIt() throws {
        let hook = WebhookListener()
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, workerCount: 1), responder: hook)
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }
        try withPortico { app, _ in
            _ = try app.apply(DirectoryPages.directory)
            _ = try app.apply(#"{"settings": {"notification_webhook_url": "http://127.0.0.1:\#(server.port)/hook"}}"#)
            let carol = try DirectoryPages.carol(app)
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            // Off (the default): an owner's change is not announced.
            let quiet = try carol.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [("users", "bob@example.com"), ("permission_set", readOnly)])
            #expect(quiet.status == 303)

            let root = try DirectoryPages.root(app)
            let settings = try root.get("/admin/settings").text
            #expect(settings.contains("name=\"notify_owner_changes\""))
            _ = try app.apply(#"{"settings": {"notify_owner_changes": "on"}}"#)
            // An admin's change is not an owner's.
            let byAdmin = try root.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/assignments",
                [("users", "alice@example.com"), ("permission_set", try app.permissionSetID("AdministratorAccess"))])
            #expect(byAdmin.status == 303)
            let loud = try carol.post(
                "/admin/accounts/111111111111/assignments/remove",
                [
                    ("csrf", try DirectoryPages.csrf(carol, "/admin/accounts/111111111111")), ("confirm", "yes"),
                    ("principal_type", "user"),
                    ("principal_id", try app.userID("bob@example.com")), ("permission_set_id", readOnly),
                ])
            #expect(loud.status == 303)
            let removal = try #require(try app.auditEvents("assignment.delete", actor: "carol@example.com").first)
            #expect(try DirectoryPages.details(removal)["by_owner"] as? Bool == true)

            // Posts go out one at a time in order, so had the quiet change been sent it would be first.
            let deadline = Date().addingTimeInterval(10)
            while hook.bodies.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            let bodies = hook.bodies
            #expect(bodies.count == 1)
            let text = try #require(
                (try JSONSerialization.jsonObject(with: Data((bodies.first ?? "{}").utf8)) as? [String: Any])?["text"] as? String)
            #expect(
                text
                    == "carol@example.com, an owner of AWS account app-prod (111111111111), removed an assignment: "
                    + "111111111111 ReadOnlyAccess user:bob@example.com")
        }
    }
}
