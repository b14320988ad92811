import Domain
import SQLite
import Storage
import Testing

struct UserStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func createsFindsUpdatesAndDeletes() throws {
        var alice = User(
            email: "Alice@Example.com", displayName: "Alice Liddell", givenName: "Alice", familyName: "Liddell", source: .scim,
            isAdmin: true, externalID: "entra-1", attributes: ["department": "eng", "cost": "42"])
        try db.write { try UserStore($0).create(alice) }
        #expect(try db.read { try UserStore($0).find(id: alice.id) } == alice)
        #expect(try db.read { try UserStore($0).find(email: "alice@example.COM") } == alice)

        alice.status = .disabled
        alice.externalID = nil
        alice.attributes = [:]
        try db.write { try UserStore($0).update(alice) }
        #expect(try db.read { try UserStore($0).find(id: alice.id) } == alice)

        try db.write { try UserStore($0).delete(id: alice.id) }
        #expect(try db.read { try UserStore($0).find(id: alice.id) } == nil)
        #expect(throws: StoreError.notFound) { try db.write { try UserStore($0).delete(id: alice.id) } }
        #expect(throws: StoreError.notFound) { try db.write { try UserStore($0).update(alice) } }
    }

    @Test func refusesAnEmailDifferingOnlyByCase() throws {
        try db.write { try UserStore($0).create(User(email: "alice@example.com", displayName: "Alice")) }
        #expect(throws: StoreError.duplicate(field: "email")) {
            try db.write { try UserStore($0).create(User(email: "ALICE@example.com", displayName: "Other Alice")) }
        }
        var bob = User(email: "bob@example.com", displayName: "Bob")
        try db.write { try UserStore($0).create(bob) }
        bob.email = "Alice@Example.com"
        #expect(throws: StoreError.duplicate(field: "email")) { try db.write { try UserStore($0).update(bob) } }
    }

    @Test func refusesInvalidUsersWithTheirReasons() throws {
        #expect(throws: ValidationErrors([FieldError("email", "must contain exactly one @")])) {
            try db.write { try UserStore($0).create(User(email: "nobody", displayName: "Nobody")) }
        }
        #expect(try db.read { try UserStore($0).count() } == 0)
    }

    @Test func keepsJapaneseAndHostileStringsIntact() throws {
        let long = String(repeating: "長", count: 256)
        let user = User(
            email: "yamada@example.jp", displayName: "<script>alert('x')</script>", givenName: "太郎", familyName: "山田\"'`",
            attributes: ["部署": long, "quote": "\"; DROP TABLE users; --"])
        try db.write { try UserStore($0).create(user) }
        #expect(try db.read { try UserStore($0).find(id: user.id) } == user)
    }

    @Test func listsWithSearchSortAndPaging() throws {
        try db.write { db in
            for index in 0..<25 {
                try UserStore(db).create(User(email: "user\(index < 10 ? "0" : "")\(index)@example.com", displayName: "User \(index)"))
            }
            try UserStore(db).create(User(email: "carol@example.org", displayName: "Carol 100%_done"))
        }
        let store = { (query: ListQuery<UserStore.Sort>) in try self.db.read { try UserStore($0).list(query) } }

        let first = try store(ListQuery(sort: .email, limit: 10))
        #expect(first.total == 26)
        #expect(first.items.map(\.email).first == "carol@example.org")
        #expect(first.items.count == 10)
        let last = try store(ListQuery(sort: .email, limit: 10, offset: 20))
        #expect(last.items.map(\.email) == (19..<25).map { "user\($0)@example.com" })

        let descending = try store(ListQuery(sort: .email, descending: true, limit: 1))
        #expect(descending.items.map(\.email) == ["user24@example.com"])

        let searched = try store(ListQuery(search: "USER1", sort: .email))
        #expect(searched.total == 10)
        // LIKE wildcards in the search text are literal.
        #expect(try store(ListQuery(search: "%_", sort: .displayName)).items.map(\.email) == ["carol@example.org"])
        #expect(try store(ListQuery(search: "example.org", sort: .status)).total == 1)
    }
}
