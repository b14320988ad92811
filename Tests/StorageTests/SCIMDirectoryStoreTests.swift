import Domain
import SQLite
import Storage
import Testing

/// What the SCIM endpoint reads: look-ups by the attributes identity providers filter on, each through an
/// index (SQLite's own query plan says so, so a lost index fails here rather than at 100,000 users), and
/// revisions that move with every change, a group's with its members.
struct SCIMDirectoryStoreTests {
    private func plan(_ sql: String, _ db: TestDatabase) throws -> [String] {
        try db.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, ["x"]).map { try $0["detail"] } }
    }

    @Test func everyLookUpUsesAnIndexAndNoneScans() throws {
        let db = try TestDatabase()
        for column in SCIMDirectoryStore.Column.allCases {
            for sql in [SCIMDirectoryStore.usersSQL(where: column), SCIMDirectoryStore.groupsSQL(where: column)] {
                let steps = try plan(sql, db)
                #expect(steps.allSatisfy { !$0.hasPrefix("SCAN") }, "\(sql): \(steps)")
                #expect(steps.contains { $0.contains("USING INDEX") || $0.contains("USING PRIMARY KEY") }, "\(sql): \(steps)")
            }
        }
    }

    @Test func findsCaseInsensitivelyWhereSCIMSaysSoAndExactlyWhereNot() throws {
        let db = try TestDatabase()
        let alice = User(email: "Alice@Example.com", displayName: "Alice", source: .scim, externalID: "Ext-1")
        let group = Group(name: "AWS Admins", source: .scim, externalID: "G-1")
        try db.write { db in
            try UserStore(db).create(alice)
            try GroupStore(db).create(group)
        }
        func users(_ column: SCIMDirectoryStore.Column, _ value: String) throws -> [String] {
            try db.read { try SCIMDirectoryStore($0).users(where: column, equals: value).map(\.item.id) }
        }
        func groups(_ column: SCIMDirectoryStore.Column, _ value: String) throws -> [String] {
            try db.read { try SCIMDirectoryStore($0).groups(where: column, equals: value).map(\.item.id) }
        }
        #expect(try users(.userName, "alice@example.COM") == [alice.id])
        #expect(try users(.displayName, "ALICE") == [alice.id])
        #expect(try users(.externalID, "ext-1").isEmpty, "externalId is case-exact")
        #expect(try users(.externalID, "Ext-1") == [alice.id])
        #expect(try groups(.displayName, "aws admins") == [group.id])
        #expect(try groups(.externalID, "G-1") == [group.id])
    }

    @Test func revisionsCountEveryChangeAndAGroupsItsMembers() throws {
        let db = try TestDatabase()
        let alice = User(email: "alice@example.com", displayName: "Alice")
        let group = Group(name: "admins")
        try db.write { db in
            try UserStore(db).create(alice)
            try GroupStore(db).create(group)
        }
        func revisions() throws -> (user: Int, group: Int) {
            try db.read { db in
                let store = SCIMDirectoryStore(db)
                return (
                    try #require(try store.users(where: .id, equals: alice.id).first).revision,
                    try #require(try store.groups(where: .id, equals: group.id).first).revision
                )
            }
        }
        #expect(try revisions() == (1, 1))
        var renamed = alice
        renamed.displayName = "Alice L"
        try db.write { db in try UserStore(db).update(renamed) }
        #expect(try revisions().user == 2)
        try db.write { db in _ = try GroupStore(db).addMembers(groupID: group.id, userIDs: [alice.id]) }
        #expect(try revisions().group == 2)
        try db.write { db in _ = try SCIMDirectoryStore(db).setMembers(groupID: group.id, userIDs: []) }
        #expect(try revisions().group == 3)
        #expect(try db.read { try SCIMDirectoryStore($0).members(groupID: group.id) }.isEmpty)
    }
}
