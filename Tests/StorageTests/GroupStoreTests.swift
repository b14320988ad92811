import Domain
import SQLite
import Storage
import Testing

struct GroupStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func createsFindsUpdatesAndDeletes() throws {
        var group = Group(name: "aws-admins", description: "Platform team", source: .scim, externalID: "g-1")
        try db.write { try GroupStore($0).create(group) }
        #expect(try db.read { try GroupStore($0).find(name: "aws-admins") } == group)
        group.name = "プラットフォーム管理者"
        group.description = "<b>\"quoted\"</b>"
        try db.write { try GroupStore($0).update(group) }
        #expect(try db.read { try GroupStore($0).find(id: group.id) } == group)
        try db.write { try GroupStore($0).delete(id: group.id) }
        #expect(try db.read { try GroupStore($0).find(id: group.id) } == nil)
        #expect(throws: StoreError.notFound) { try db.write { try GroupStore($0).delete(id: group.id) } }
    }

    @Test func refusesADuplicateName() throws {
        try db.write { try GroupStore($0).create(Group(name: "developers")) }
        #expect(throws: StoreError.duplicate(field: "name")) { try db.write { try GroupStore($0).create(Group(name: "developers")) } }
        let other = Group(name: "testers")
        try db.write { try GroupStore($0).create(other) }
        var renamed = other
        renamed.name = "developers"
        #expect(throws: StoreError.duplicate(field: "name")) { try db.write { try GroupStore($0).update(renamed) } }
    }

    @Test func addsAndRemovesManyMembersAtOnce() throws {
        let group = Group(name: "developers")
        let users = (0..<3).map { User(email: "dev\($0)@example.com", displayName: "Dev \($0)") }
        try db.write { db in
            try GroupStore(db).create(group)
            for user in users { try UserStore(db).create(user) }
        }
        #expect(try db.write { try GroupStore($0).addMembers(groupID: group.id, userIDs: users.map(\.id)) } == 3)
        #expect(try db.write { try GroupStore($0).addMembers(groupID: group.id, userIDs: [users[0].id]) } == 0)
        #expect(try db.read { try GroupStore($0).memberIDs(groupID: group.id) } == users.map(\.id).sorted())
        #expect(try db.read { try GroupStore($0).groups(ofUser: users[1].id) } == [group])

        #expect(try db.write { try GroupStore($0).removeMembers(groupID: group.id, userIDs: [users[0].id, users[1].id, "nobody"]) } == 2)
        #expect(try db.read { try GroupStore($0).memberIDs(groupID: group.id) } == [users[2].id])
    }

    @Test func refusesMembersThatDoNotExistAndAddsNone() throws {
        let group = Group(name: "developers")
        let user = User(email: "dev@example.com", displayName: "Dev")
        try db.write { db in
            try GroupStore(db).create(group)
            try UserStore(db).create(user)
        }
        let ghost = FieldRules.newIdentifier()
        #expect(throws: StoreError.missingReference(field: "user_id", value: ghost)) {
            try db.write { try GroupStore($0).addMembers(groupID: group.id, userIDs: [user.id, ghost]) }
        }
        #expect(try db.read { try GroupStore($0).memberIDs(groupID: group.id) } == [])
        #expect(throws: StoreError.missingReference(field: "group_id", value: ghost)) {
            try db.write { try GroupStore($0).addMembers(groupID: ghost, userIDs: [user.id]) }
        }
    }

    @Test func listsWithSearchSortPagingAndMemberCounts() throws {
        let user = User(email: "dev@example.com", displayName: "Dev")
        try db.write { db in
            try UserStore(db).create(user)
            for name in ["project-a-developers", "project-b-developers", "aws-admin", "external-vendors"] {
                try GroupStore(db).create(Group(name: name))
            }
            let groupID = try GroupStore(db).find(name: "external-vendors")!.id
            _ = try GroupStore(db).addMembers(groupID: groupID, userIDs: [user.id])
        }
        let page = try db.read { try GroupStore($0).list(ListQuery(search: "developers", sort: .name, descending: true, limit: 1)) }
        #expect(page.total == 2)
        #expect(page.items.map(\.group.name) == ["project-b-developers"])
        let byMembers = try db.read { try GroupStore($0).list(ListQuery(sort: .memberCount, descending: true)) }
        #expect(byMembers.items.first?.group.name == "external-vendors")
        #expect(byMembers.items.first?.memberCount == 1)
    }
}
