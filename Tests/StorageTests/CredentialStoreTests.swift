import Domain
import SQLite
import Storage
import Testing

struct CredentialStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func setsReplacesAndRemovesAPasswordHash() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        #expect(try db.read { try CredentialStore($0).passwordHash(userID: alice.id) } == nil)
        try db.write { try CredentialStore($0).setPasswordHash(userID: alice.id, hash: "$scrypt$ln=15,r=8,p=1$a$b", now: 1) }
        try db.write { try CredentialStore($0).setPasswordHash(userID: alice.id, hash: "$scrypt$ln=16,r=8,p=1$c$d", now: 2) }
        #expect(try db.read { try CredentialStore($0).passwordHash(userID: alice.id) } == "$scrypt$ln=16,r=8,p=1$c$d")
        #expect(try db.write { try CredentialStore($0).removePassword(userID: alice.id) })
        #expect(try db.read { try CredentialStore($0).passwordHash(userID: alice.id) } == nil)
    }

    @Test func refusesAPasswordForNoUser() throws {
        let missing = FieldRules.newIdentifier()
        #expect(throws: StoreError.missingReference(field: "user_id", value: missing)) {
            try db.write { try CredentialStore($0).setPasswordHash(userID: missing, hash: "$scrypt$x", now: 1) }
        }
    }
}
