import Domain
import SQLite
import Storage
import Testing

/// Accounts reached through a jump account: stored, read back, and the one-hop rule held both by the
/// store (naming the field) and by the schema (whatever SQL runs).
struct JumpAccountStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    static let jump = Account(id: "100000000000", name: "jump", email: "aws+jump@example.com")
    static let other = Account(id: "110000000000", name: "other-jump", email: "aws+other@example.com")

    static func member(_ id: String = "200000000000", via route: JumpRoute?) -> Account {
        Account(id: id, name: "member-\(id.suffix(2))", email: "aws+\(id)@example.com", reachedThrough: route)
    }

    @Test func storesAndReadsARouteByRoleOrByPermissionSet() throws {
        var member = Self.member(via: JumpRoute(accountID: Self.jump.id, roleName: "PorticoJump"))
        try db.write { db in
            try AccountStore(db).create(Self.jump)
            try AccountStore(db).create(Self.other)
            try AccountStore(db).create(member)
        }
        #expect(try db.read { try AccountStore($0).find(id: member.id) } == member)
        #expect(try db.read { try AccountStore($0).accountIDs(reachedThrough: Self.jump.id) } == [member.id])

        member.reachedThrough = JumpRoute(accountID: Self.other.id)
        try db.write { try AccountStore($0).update(member) }
        #expect(try db.read { try AccountStore($0).find(id: member.id) }?.reachedThrough == JumpRoute(accountID: Self.other.id))
        #expect(try db.read { try AccountStore($0).accountIDs(reachedThrough: Self.jump.id) } == [])

        member.reachedThrough = nil
        try db.write { try AccountStore($0).update(member) }
        #expect(try db.read { try AccountStore($0).find(id: member.id) }?.reachedThrough == nil)
    }

    @Test func refusesARouteToAnAccountThatDoesNotExist() throws {
        #expect(throws: ValidationErrors([FieldError("via.account", "names no account in Portico; add the jump account first")])) {
            try db.write { try AccountStore($0).create(Self.member(via: JumpRoute(accountID: Self.jump.id))) }
        }
    }

    @Test func refusesChainsAndLoops() throws {
        try db.write { db in
            try AccountStore(db).create(Self.jump)
            try AccountStore(db).create(Self.member(via: JumpRoute(accountID: Self.jump.id)))
        }
        // Through a member: a chain.
        #expect(throws: ValidationErrors.self) {
            try db.write { try AccountStore($0).create(Self.member("300000000000", via: JumpRoute(accountID: "200000000000"))) }
        }
        // The jump account through its own member: a loop.
        var jump = Self.jump
        jump.reachedThrough = JumpRoute(accountID: "200000000000")
        #expect(throws: ValidationErrors.self) { try db.write { try AccountStore($0).update(jump) } }
        // The jump account through a third account: its member would then be two hops away.
        try db.write { try AccountStore($0).create(Self.other) }
        jump.reachedThrough = JumpRoute(accountID: Self.other.id)
        #expect(
            throws: ValidationErrors([
                FieldError(
                    "via.account", "cannot be set: 200000000000 is reached through this account, which must stay a jump account")
            ])
        ) { try db.write { try AccountStore($0).update(jump) } }
    }

    @Test func aJumpAccountCannotBeDeletedWhileAccountsAreReachedThroughIt() throws {
        try db.write { db in
            try AccountStore(db).create(Self.jump)
            try AccountStore(db).create(Self.member(via: JumpRoute(accountID: Self.jump.id)))
        }
        #expect(throws: ValidationErrors([FieldError("id", "200000000000 is reached through this account")])) {
            try db.write { try AccountStore($0).delete(id: Self.jump.id) }
        }
        try db.write { db in
            try AccountStore(db).delete(id: "200000000000")
            try AccountStore(db).delete(id: Self.jump.id)
        }
    }

    /// What the store checks, the schema refuses too, for SQL that bypasses it.
    @Test func theSchemaRefusesChainsLoopsDanglingRoutesAndBadRoleNames() throws {
        try db.write { db in
            try AccountStore(db).create(Self.jump)
            try AccountStore(db).create(Self.member(via: JumpRoute(accountID: Self.jump.id)))
        }
        func refuses(_ sql: String) {
            #expect(throws: SQLiteError.self, "\(sql)") { try db.write { try $0.execute(sql) } }
        }
        let insert = "INSERT INTO accounts (id, name, email, via_account_id, via_role_name) VALUES"
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', '200000000000', NULL)")
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', '999999999999', NULL)")
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', '300000000000', NULL)")
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', NULL, 'Jump')")
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', '100000000000', 'team/Jump')")
        refuses("\(insert) ('300000000000', 'n', 'a@b.c', '100000000000', '')")
        refuses("UPDATE accounts SET via_account_id = '200000000000' WHERE id = '100000000000'")
        refuses("UPDATE accounts SET via_account_id = id WHERE id = '200000000000'")
        refuses("DELETE FROM accounts WHERE id = '100000000000'")
        try db.write { db in
            try db.execute("INSERT INTO accounts (id, name, email) VALUES ('110000000000', 'n', 'a@b.c')")
        }
        refuses("UPDATE accounts SET via_account_id = '110000000000' WHERE id = '100000000000'")
        try db.write { try $0.execute("\(insert) ('300000000000', 'n', 'a@b.c', '100000000000', 'Jump')") }
    }
}
