import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import App

/// `/Users` and `/Groups` end to end, as Entra ID drives them, and what each change does in Portico.
struct SCIMProvisioningTests {
    private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    private func user(_ userName: String, externalID: String, email: String? = nil, extra: String = "") -> String {
        #"""
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "externalId": "\#(externalID)", "userName": "\#(userName)", "active": true, "displayName": "\#(userName)",
         "emails": [{"primary": true, "type": "work", "value": "\#(email ?? userName)"}],
         "name": {"givenName": "Given", "familyName": "Family"},
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Engineering"}\#(extra)}
        """#
    }

    private func group(_ name: String, members: [String] = []) -> String {
        let list = members.map { #"{"value": "\#($0)"}"# }.joined(separator: ", ")
        return #"""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId": "ext-\#(name)", "displayName": "\#(name)", "members": [\#(list)]}
            """#
    }

    /// Joiner, mover, leaver: a membership gives a role on the next `/start`, its removal takes it away, and
    /// `active` "False" ends the browser session at once; every write is audited as the token.
    @Test func membershipsGrantOnTheNextRequestAndDeactivationEndsTheSession() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let scim = try SCIMClient(app)
            let alice = try DirectoryPages.alice(app)
            let marker = "account_id=111111111111&amp;role_name=AdministratorAccess"
            #expect(!(try alice.get("/start").text.contains(marker)))

            // Entra looks the user up first: a local user is found by userName, whatever its case.
            let found = try scim.filter("/Users", #"userName eq "ALICE@example.com""#)
            #expect(found.status == 200 && found.resources.count == 1)
            let aliceID = try #require(found.resources.first?["id"] as? String)

            let created = try scim.send("POST", "/Groups", group("aws-prod-admins"))
            #expect(created.status == 201)
            #expect(created.response.header("Location")?.hasSuffix("/scim/v2/Groups/\(created.id)") == true)
            try app.database.write { db in
                let admin = try #require(try PermissionSetStore(db).find(name: "AdministratorAccess"))
                try AssignmentStore(db).create(
                    Assignment(principal: .group(created.id), accountID: "111111111111", permissionSetID: admin.id))
            }
            #expect(
                try scim.patch("/Groups/\(created.id)", #"{"op": "Add", "path": "members", "value": [{"value": "\#(aliceID)"}]}"#).status
                    == 204)
            #expect(try alice.get("/start").text.contains(marker), "the new membership counts on the next request")

            #expect(
                try scim.patch("/Groups/\(created.id)", #"{"op": "Remove", "path": "members[value eq \"\#(aliceID)\"]"}"#).status == 204)
            #expect(!(try alice.get("/start").text.contains(marker)), "the removal counts on the next request")

            let disabled = try scim.patch("/Users/\(aliceID)", #"{"op": "Replace", "path": "active", "value": "False"}"#)
            #expect(disabled.status == 200 && disabled.json["active"] as? Bool == false)
            let refused = try alice.get("/me/sessions")
            #expect(refused.status == 303 && refused.header("Location")?.hasPrefix("/login") == true, "the session ended with the change")

            let events = try app.database.read { try AuditStore($0).list(.init(actor: "scim:Entra ID"), limit: 50).items }
            #expect(Set(events.map(\.action)) == ["group.create", "group.update", "user.update"])
            let disabling = try #require(events.first { $0.action == "user.update" })
            let details = try DirectoryPages.details(disabling)
            #expect(details["sessions_ended"] as? Int == 1)
            #expect((details["after"] as? [String: Any])?["disabled"] as? Bool == true)
            #expect((details["before"] as? [String: Any])?["display_name"] == nil, "only the changed fields are named")
        }
    }

    @Test func aGuestKeepsTheirAddressAndDepartmentBecomesASessionTagAttribute() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            let guest = try scim.send(
                "POST", "/Users", user("alice_gmail.com#EXT#@contoso.onmicrosoft.com", externalID: "g-1", email: "alice@gmail.com"))
            #expect(guest.status == 201)
            #expect(guest.response.header("ETag") == #"W/"1""#)
            let stored = try #require(try app.database.read { try UserStore($0).find(id: guest.id) })
            #expect(stored.email == "alice_gmail.com#EXT#@contoso.onmicrosoft.com" && stored.contactEmail == "alice@gmail.com")
            #expect(stored.source == .scim && stored.attributes["department"] == "Engineering")

            // userName is unique whatever its case: a second one is a 409 uniqueness, and nothing is stored.
            let clash = try scim.send("POST", "/Users", user("ALICE_gmail.com#EXT#@contoso.onmicrosoft.com", externalID: "g-2"))
            #expect(clash.status == 409 && clash.scimType == "uniqueness")
            #expect(try app.database.read { try UserStore($0).count() } == 1)
            #expect(try scim.send("POST", "/Groups", group("team")).status == 201)
            #expect(try scim.send("POST", "/Groups", group("team")).scimType == "uniqueness")
        }
    }

    @Test func filtersPagesSortsAndProjects() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            for (index, name) in ["carol", "alice", "bob"].enumerated() {
                #expect(try scim.send("POST", "/Users", user("\(name)@example.com", externalID: "X-\(index)")).status == 201)
            }
            #expect(try scim.filter("/Users", #"externalId eq "X-1""#).resources.count == 1)
            #expect(try scim.filter("/Users", #"externalId eq "x-1""#).resources.isEmpty, "externalId is case-exact")
            #expect(try scim.filter("/Users", #"emails[type eq "work" and value co "@EXAMPLE.com"]"#).resources.count == 3)
            #expect(try scim.filter("/Users", #"userName sw "b" or userName ew "carol@example.com""#).resources.count == 2)
            #expect(try scim.filter("/Users", #"not (\#(enterprise):department eq "Engineering")"#).resources.isEmpty)
            #expect(try scim.filter("/Users", #"name.givenName pr and active eq true"#).resources.count == 3)
            let bad = try scim.filter("/Users", #"userName eq"#)
            #expect(bad.status == 400 && bad.scimType == "invalidFilter")

            let page = try scim.get("/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=1&attributes=userName")
            #expect(
                page.json["totalResults"] as? Int == 3 && page.json["itemsPerPage"] as? Int == 1 && page.json["startIndex"] as? Int == 2)
            #expect(page.resources.first?["userName"] as? String == "bob@example.com")
            #expect(Set(page.resources.first?.keys.map { $0 } ?? []) == ["id", "schemas", "userName"])
            let filteredPage = try scim.filter("/Users", #"not (userName sw "alice")"#, "&sortBy=userName&count=1")
            #expect(
                filteredPage.json["totalResults"] as? Int == 2 && filteredPage.resources.first?["userName"] as? String == "bob@example.com")

            let groupID = try scim.send(
                "POST", "/Groups",
                group("devs", members: [try scim.filter("/Users", #"userName eq "bob@example.com""#).resources[0]["id"] as! String])
            ).id
            let listed = try scim.filter("/Groups", #"displayName eq "DEVS""#, "&excludedAttributes=members")
            #expect(listed.resources.count == 1 && listed.resources.first?["members"] == nil)
            #expect((try scim.get("/Groups/\(groupID)").json["members"] as? [[String: Any]])?.count == 1)
            let search = try scim.send(
                "POST", "/Users/.search",
                #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName eq \"alice@example.com\"", "attributes": ["displayName"]}"#
            )
            #expect(search.resources.count == 1 && search.resources.first?["displayName"] as? String == "alice@example.com")
        }
    }

    @Test func eTagsGuardReplacesAndDeletes() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            let created = try scim.send("POST", "/Users", user("dana@example.com", externalID: "d"))
            let path = "/Users/\(created.id)"
            let read = try scim.get(path)
            #expect(read.response.header("ETag") == #"W/"1""#)
            #expect(try scim.send("GET", path, headers: [("If-None-Match", #"W/"1""#)]).status == 304)

            let stale = try scim.send("PUT", path, user("dana@example.com", externalID: "d2"), headers: [("If-Match", #"W/"7""#)])
            #expect(stale.status == 412)
            #expect(try app.database.read { try UserStore($0).find(id: created.id) }?.externalID == "d", "nothing changed")
            let replaced = try scim.send("PUT", path, user("dana@example.com", externalID: "d2"), headers: [("If-Match", #"W/"1""#)])
            #expect(replaced.status == 200 && replaced.response.header("ETag") == #"W/"2""#)
            #expect(try scim.send("DELETE", path, headers: [("If-Match", #"W/"1""#)]).status == 412)
            #expect(try scim.send("DELETE", path, headers: [("If-Match", #"W/"2""#)]).status == 204)
            #expect(try scim.get(path).status == 404)
        }
    }

    @Test func aThousandMembersInOnePatch() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            let ids = (0..<1000).map { _ in FieldRules.newIdentifier() }
            try app.database.write { db in
                for (index, id) in ids.enumerated() {
                    try UserStore(db).create(User(id: id, email: "user\(index)@example.com", displayName: "User \(index)", source: .scim))
                }
            }
            let groupID = try scim.send("POST", "/Groups", group("everyone")).id
            let values = ids.map { #"{"value": "\#($0)"}"# }.joined(separator: ",")
            #expect(try scim.patch("/Groups/\(groupID)", #"{"op": "add", "path": "members", "value": [\#(values)]}"#).status == 204)
            #expect((try scim.get("/Groups/\(groupID)").json["members"] as? [[String: Any]])?.count == 1000)
            let event = try #require(try app.database.read { try AuditStore($0).list(.init(action: "group.update"), limit: 1).items }.first)
            #expect(((try DirectoryPages.details(event))["members_added"] as? [String: Any])?["count"] as? Int == 1000)
            // An unknown member refuses the whole PATCH.
            let unknown = try scim.patch("/Groups/\(groupID)", #"{"op": "add", "path": "members", "value": [{"value": "nobody"}]}"#)
            #expect(unknown.status == 400 && unknown.scimType == "invalidValue")
            // Replacing the members with none empties the group.
            #expect(try scim.patch("/Groups/\(groupID)", #"{"op": "replace", "path": "members", "value": []}"#).status == 204)
            #expect((try scim.get("/Groups/\(groupID)").json["members"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func badRequestsAreSCIMErrorsAndChangeNothing() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            let created = try scim.send("POST", "/Users", user("erin@example.com", externalID: "e"))
            let cases: [(SCIMClient.Reply, Int, String?)] = [
                (try scim.send("POST", "/Users", #"{"userName": "#), 400, "invalidSyntax"),
                (try scim.send("POST", "/Users", #"{"displayName": "No Name"}"#), 400, "invalidValue"),
                (try scim.send("POST", "/Users", #"{"userName": "x y"}"#), 400, "invalidValue"),
                (try scim.patch("/Users/\(created.id)", #"{"op": "add", "path": "groups", "value": [{"value": "g"}]}"#), 400, "mutability"),
                (try scim.patch("/Users/\(created.id)", #"{"op": "jump", "path": "title"}"#), 400, "invalidSyntax"),
                (try scim.patch("/Users/\(created.id)", #"{"op": "replace", "path": "emails[", "value": 1}"#), 400, "invalidPath"),
                (try scim.get("/Users?count=many"), 400, "invalidValue"),
                (try scim.get("/Users/00000000-0000-4000-8000-000000000000"), 404, nil),
                (try scim.send("POST", "/.search", "{}"), 501, nil),
            ]
            for (reply, status, scimType) in cases {
                #expect(reply.status == status, "\(reply.response.text)")
                #expect(reply.scimType == scimType, "\(reply.response.text)")
                #expect(reply.response.header("Content-Type") == "application/scim+json")
            }
            #expect(try app.database.read { try UserStore($0).count() } == 1)
            #expect(try scim.get("/Users/\(created.id)").response.header("ETag") == #"W/"1""#, "the failed PATCHes changed nothing")
        }
    }

    @Test func deletingAUserTakesTheirSessionsAndMemberships() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let scim = try SCIMClient(app)
            let alice = try DirectoryPages.alice(app)
            let aliceID = try #require(try scim.filter("/Users", #"userName eq "alice@example.com""#).resources.first?["id"] as? String)
            #expect(try scim.send("DELETE", "/Users/\(aliceID)").status == 204)
            #expect(try alice.get("/me/sessions").status == 303)
            #expect(try app.database.read { try GroupStore($0).groups(ofUser: aliceID) }.isEmpty)
            let event = try #require(try app.database.read { try AuditStore($0).list(.init(action: "user.delete"), limit: 1).items }.first)
            #expect(event.actor == "scim:Entra ID")
        }
    }
}

extension SCIMProvisioningTests {
    /// An identity provider cannot see who administers Portico, so it cannot be the one to lock everyone out.
    @Test func theLastActiveAdminIsNeitherDisabledNorDeleted() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let scim = try SCIMClient(app)
            let rootID = try #require(try scim.filter("/Users", #"userName eq "root@example.com""#).resources.first?["id"] as? String)
            let disabling = try scim.patch("/Users/\(rootID)", #"{"op": "replace", "path": "active", "value": false}"#)
            #expect(disabling.status == 400 && disabling.scimType == "mutability")
            #expect(try scim.send("DELETE", "/Users/\(rootID)").scimType == "mutability")
            #expect(try app.database.read { try UserStore($0).find(id: rootID) }?.isActive == true)
            // With a second admin the first may go.
            let aliceID = try app.userID("alice@example.com")
            try app.database.write { db in
                var alice = try #require(try UserStore(db).find(id: aliceID))
                alice.isAdmin = true
                try UserStore(db).update(alice)
            }
            #expect(try scim.patch("/Users/\(rootID)", #"{"op": "replace", "path": "active", "value": false}"#).status == 200)
        }
    }
}

extension SCIMProvisioningTests {
    /// What scim2-tester found: strings that merely read "True", and removing `active`.
    @Test func onlyBooleansAreBooleansAndRemovingActiveDisables() throws {
        try withPortico { app, _ in
            let scim = try SCIMClient(app)
            let created = try scim.send("POST", "/Users", #"{"userName": "true@example.com", "displayName": "True", "title": "False"}"#)
            #expect(
                created.status == 201 && created.json["displayName"] as? String == "True" && created.json["title"] as? String == "False")
            let removed = try scim.patch("/Users/\(created.id)", #"{"op": "remove", "path": "active"}"#)
            #expect(removed.status == 200 && removed.json["active"] as? Bool == false)
            #expect(try app.database.read { try UserStore($0).find(id: created.id) }?.isActive == false)
        }
    }
}
