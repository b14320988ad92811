import Domain
import SQLite
import Storage
import Testing

struct AccountAndPermissionSetStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func createsFindsUpdatesAndDeletesAccountsWithOwners() throws {
        let alice = User(email: "alice@example.com", displayName: "Alice")
        let bob = User(email: "bob@example.com", displayName: "Bob")
        var account = Account(
            id: "011111111111", name: "app-prod", email: "aws+app-prod@example.com", ouPath: "root/service/app/prod",
            environment: "prod", owners: [alice.id])
        try db.write { db in
            try UserStore(db).create(alice)
            try UserStore(db).create(bob)
            try AccountStore(db).create(account)
        }
        #expect(try db.read { try AccountStore($0).find(id: "011111111111") } == account)
        #expect(try db.read { try AccountStore($0).isOwner(userID: alice.id, accountID: account.id) })

        account.name = "アプリ本番"
        account.owners = [alice.id, bob.id].sorted()
        try db.write { try AccountStore($0).update(account) }
        #expect(try db.read { try AccountStore($0).find(id: account.id) } == account)
        #expect(try db.read { try AccountStore($0).accounts(ownedBy: bob.id) } == [account])

        try db.write { try AccountStore($0).delete(id: account.id) }
        #expect(try db.read { try AccountStore($0).find(id: account.id) } == nil)
        #expect(try db.read { try $0.scalar("SELECT count(*) FROM account_owners", as: Int.self) } == 0)
    }

    @Test func refusesDuplicateAccountsAndUnknownOwners() throws {
        let account = Account(id: "222222222222", name: "sandbox", email: "aws+sandbox@example.com")
        try db.write { try AccountStore($0).create(account) }
        #expect(throws: StoreError.duplicate(field: "id")) { try db.write { try AccountStore($0).create(account) } }
        var owned = Account(id: "333333333333", name: "dev", email: "aws+dev@example.com", owners: ["ghost"])
        #expect(throws: StoreError.missingReference(field: "owners", value: "ghost")) {
            try db.write { try AccountStore($0).create(owned) }
        }
        // The failed write rolled back as a whole: no account without its owners.
        #expect(try db.read { try AccountStore($0).find(id: "333333333333") } == nil)
        owned.owners = []
        #expect(throws: StoreError.notFound) { try db.write { try AccountStore($0).update(owned) } }
    }

    @Test func listsAccountsWithSearchSortAndPaging() throws {
        try db.write { db in
            for (index, environment) in ["prod", "stg", "dev", "prod"].enumerated() {
                try AccountStore(db).create(
                    Account(
                        id: "10000000000\(index)", name: "app-\(environment)-\(index)", email: "aws+\(index)@example.com",
                        ouPath: "root/service/app/\(environment)", environment: environment))
            }
        }
        let prod = try db.read { try AccountStore($0).list(ListQuery(search: "prod", sort: .id, descending: true)) }
        #expect(prod.total == 2)
        #expect(prod.items.map(\.id) == ["100000000003", "100000000000"])
        let second = try db.read { try AccountStore($0).list(ListQuery(sort: .environment, limit: 2, offset: 1)) }
        #expect(second.total == 4)
        #expect(second.items.map(\.environment) == ["prod", "prod"])
        #expect(try db.read { try AccountStore($0).list(ListQuery(search: "10000000000", sort: .ouPath)) }.total == 4)
    }

    @Test func createsFindsUpdatesAndDeletesPermissionSets() throws {
        var set = PermissionSet(
            name: "AdministratorAccess", description: "全権限 <script>", sessionDuration: ISODuration("PT4H")!,
            relayState: "https://console.aws.amazon.com/", managedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            inlinePolicy: #"{"Version":"2012-10-17","Statement":[]}"#, tags: ["team": "platform"])
        try db.write { try PermissionSetStore($0).create(set) }
        #expect(try db.read { try PermissionSetStore($0).find(name: "AdministratorAccess") } == set)
        set.sessionDuration = ISODuration("PT12H")!
        set.relayState = nil
        set.inlinePolicy = nil
        set.managedPolicyARNs = []
        try db.write { try PermissionSetStore($0).update(set) }
        #expect(try db.read { try PermissionSetStore($0).find(id: set.id) } == set)
        try db.write { try PermissionSetStore($0).delete(id: set.id) }
        #expect(try db.read { try PermissionSetStore($0).find(id: set.id) } == nil)
        #expect(throws: StoreError.notFound) { try db.write { try PermissionSetStore($0).delete(id: set.id) } }
    }

    @Test func refusesDuplicateAndInvalidPermissionSets() throws {
        try db.write { try PermissionSetStore($0).create(PermissionSet(name: "ReadOnly")) }
        #expect(throws: StoreError.duplicate(field: "name")) {
            try db.write { try PermissionSetStore($0).create(PermissionSet(name: "ReadOnly")) }
        }
        #expect(throws: ValidationErrors([FieldError("session_duration", "must be between 1 hour and 12 hours")])) {
            try db.write { try PermissionSetStore($0).create(PermissionSet(name: "Long", sessionDuration: ISODuration("P1D")!)) }
        }
    }

    /// IAM role names ignore case, so two permission sets differing only in case would share one role.
    @Test func refusesANameThatDiffersFromAnotherOnlyInCase() throws {
        try db.write { try PermissionSetStore($0).create(PermissionSet(name: "Admin")) }
        #expect(throws: StoreError.duplicate(field: "name")) {
            try db.write { try PermissionSetStore($0).create(PermissionSet(name: "admin")) }
        }
        var other = PermissionSet(name: "ReadOnly")
        try db.write { try PermissionSetStore($0).create(other) }
        other.name = "ADMIN"
        #expect(throws: StoreError.duplicate(field: "name")) { try db.write { try PermissionSetStore($0).update(other) } }
        // Renaming a set to another case of its own name is fine.
        var admin = try #require(try db.read { try PermissionSetStore($0).find(name: "Admin") })
        admin.name = "ADMIN"
        try db.write { try PermissionSetStore($0).update(admin) }
        #expect(try db.read { try PermissionSetStore($0).sharesRoleName("admin", exceptID: other.id) })
        #expect(try !db.read { try PermissionSetStore($0).sharesRoleName("admin", exceptID: admin.id) })
    }

    @Test func keepsAMaximalInlinePolicyIntact() throws {
        let policy = #"{"Sid":""# + String(repeating: "ポ", count: 32_758) + #""}"#
        #expect(policy.unicodeScalars.count == 32_768)
        let set = PermissionSet(name: "Big", inlinePolicy: policy)
        try db.write { try PermissionSetStore($0).create(set) }
        #expect(try db.read { try PermissionSetStore($0).find(id: set.id) }?.inlinePolicy == policy)
    }

    @Test func listsPermissionSetsByDuration() throws {
        try db.write { db in
            try PermissionSetStore(db).create(PermissionSet(name: "Long", sessionDuration: ISODuration("PT8H")!))
            try PermissionSetStore(db).create(PermissionSet(name: "Short"))
            try PermissionSetStore(db).create(PermissionSet(name: "Billing", description: "long invoices"))
        }
        let page = try db.read { try PermissionSetStore($0).list(ListQuery(sort: .sessionDuration, descending: true)) }
        #expect(page.items.first?.name == "Long")
        #expect(
            try db.read { try PermissionSetStore($0).list(ListQuery(search: "long", sort: .name)) }.items.map(\.name) == [
                "Billing", "Long",
            ])
    }
}
