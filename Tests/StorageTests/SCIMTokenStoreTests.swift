import Domain
import SQLite
import Testing

@testable import Storage

/// SCIM tokens: stored as hashes, found only while active, named uniquely among active ones, revocable.
struct SCIMTokenStoreTests {
    let db: TestDatabase
    let now = 1_800_000_000

    init() throws {
        db = try TestDatabase()
    }

    private func hash(_ n: Int) -> String { AuthenticationFixture.tokenHash(n) }

    @Test func aTokenIsFoundByItsHashWhileActiveAndNeverAfter() throws {
        let entra = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(1), now: now, expiresAt: now + 86_400) }
        #expect(try db.read { try SCIMTokenStore($0).find(tokenHash: hash(1), now: now + 10) } == entra)
        #expect(try db.read { try SCIMTokenStore($0).find(tokenHash: hash(2), now: now) } == nil)
        #expect(try db.read { try SCIMTokenStore($0).find(tokenHash: hash(1), now: now + 86_400) } == nil, "expired")

        _ = try db.write { try SCIMTokenStore($0).create(name: "Okta", tokenHash: hash(3), now: now, expiresAt: nil) }
        #expect(try db.write { try SCIMTokenStore($0).revoke(name: "Okta", now: now + 5) })
        #expect(try db.read { try SCIMTokenStore($0).find(tokenHash: hash(3), now: now + 6) } == nil, "revoked")
        #expect(try db.write { try SCIMTokenStore($0).revoke(name: "Okta", now: now + 7) } == false)
    }

    @Test func twoActiveTokensMayCoexistButNotUnderOneName() throws {
        _ = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(1), now: now, expiresAt: nil) }
        #expect(throws: StoreError.duplicate(field: "name")) {
            try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(2), now: now, expiresAt: nil) }
        }
        _ = try db.write { try SCIMTokenStore($0).create(name: "Entra (next)", tokenHash: hash(2), now: now + 1, expiresAt: nil) }
        #expect(try db.read { try SCIMTokenStore($0).list() }.map(\.name) == ["Entra (next)", "Entra"])
        // Once revoked, the name is free again.
        _ = try db.write { try SCIMTokenStore($0).revoke(name: "Entra", now: now + 2) }
        _ = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(3), now: now + 3, expiresAt: nil) }
        #expect(try db.read { try SCIMTokenStore($0).list() }.count == 3)
    }

    @Test func refusesBadNamesExpiriesAndTokenHashes() throws {
        #expect(throws: ValidationErrors.self) {
            try db.write { try SCIMTokenStore($0).create(name: "", tokenHash: hash(1), now: now, expiresAt: nil) }
        }
        #expect(throws: ValidationErrors([FieldError("expires", "must be in the future")])) {
            try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(1), now: now, expiresAt: now) }
        }
        #expect(throws: SQLiteError.self) {
            try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: "not-a-hash", now: now, expiresAt: nil) }
        }
    }

    @Test func lastUseIsWrittenAtMostOnceAMinute() throws {
        let token = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(1), now: now, expiresAt: nil) }
        #expect(try db.write { try SCIMTokenStore($0).touch(id: token.id, now: now + 1) })
        #expect(try db.write { try SCIMTokenStore($0).touch(id: token.id, now: now + 30) } == false)
        #expect(try db.write { try SCIMTokenStore($0).touch(id: token.id, now: now + 61) })
        #expect(try db.read { try SCIMTokenStore($0).list() }.first?.lastUsedAt == now + 61)
    }

    @Test func aTokenIsRevokedByIdOnceAndItsNameIsFreeAgain() throws {
        let first = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(1), now: now, expiresAt: nil) }
        #expect(try db.write { try SCIMTokenStore($0).revoke(id: first.id, now: now + 1) })
        #expect(try db.write { try SCIMTokenStore($0).revoke(id: first.id, now: now + 2) } == false, "already revoked")
        #expect(try db.read { try SCIMTokenStore($0).find(id: first.id) }?.revokedAt == now + 1, "the first revocation stands")
        #expect(try db.read { try SCIMTokenStore($0).find(tokenHash: hash(1), now: now + 3) } == nil)
        let second = try db.write { try SCIMTokenStore($0).create(name: "Entra", tokenHash: hash(2), now: now + 4, expiresAt: nil) }
        #expect(try db.read { try SCIMTokenStore($0).find(id: second.id) } == second)
        #expect(try db.write { try SCIMTokenStore($0).revoke(id: 999, now: now + 5) } == false)
    }
}
