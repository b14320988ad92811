import Domain
import SQLite
import Storage
import Testing

struct OneTimeTokenStoreTests {
    let db: TestDatabase
    let now = AuthenticationFixture.now

    init() throws {
        db = try TestDatabase()
    }

    private func hash(_ seed: Int) -> String { AuthenticationFixture.tokenHash(seed) }

    // MARK: Password reset links

    @Test func resetLinkWorksOnceForItsUser() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        try db.write { try PasswordResetStore($0).create(tokenHash: hash(1), userID: alice.id, createdAt: now, lifetimeSeconds: 3_600) }
        #expect(try db.read { try PasswordResetStore($0).userID(tokenHash: hash(1), now: now + 1) } == alice.id)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(1), now: now + 2) } == alice.id)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(1), now: now + 3) } == nil)
        #expect(try db.read { try PasswordResetStore($0).userID(tokenHash: hash(1), now: now + 4) } == nil)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(2), now: now + 5) } == nil)
    }

    @Test func resetLinkExpiresAtItsLastSecond() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        try db.write { try PasswordResetStore($0).create(tokenHash: hash(1), userID: alice.id, createdAt: now, lifetimeSeconds: 3_600) }
        #expect(try db.read { try PasswordResetStore($0).userID(tokenHash: hash(1), now: now + 3_599) } == alice.id)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(1), now: now + 3_600) } == nil)
    }

    @Test func newResetLinkCancelsTheOlderOne() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        try db.write { try PasswordResetStore($0).create(tokenHash: hash(1), userID: alice.id, createdAt: now, lifetimeSeconds: 3_600) }
        try db.write { try PasswordResetStore($0).create(tokenHash: hash(2), userID: alice.id, createdAt: now + 1, lifetimeSeconds: 3_600) }
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(1), now: now + 2) } == nil)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(2), now: now + 2) } == alice.id)
    }

    @Test func resetLinkOfADisabledUserIsRefused() throws {
        var alice = try AuthenticationFixture.user(db, "alice@example.com")
        try db.write { try PasswordResetStore($0).create(tokenHash: hash(1), userID: alice.id, createdAt: now, lifetimeSeconds: 3_600) }
        alice.status = .disabled
        try db.write { try UserStore($0).update(alice) }
        #expect(try db.read { try PasswordResetStore($0).userID(tokenHash: hash(1), now: now + 1) } == nil)
        #expect(try db.write { try PasswordResetStore($0).consume(tokenHash: hash(1), now: now + 1) } == nil)
    }

    @Test func pruneDropsUsedAndExpiredResetLinks() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        let carol = try AuthenticationFixture.user(db, "carol@example.com")
        try db.write { db in
            let store = PasswordResetStore(db)
            try store.create(tokenHash: hash(1), userID: alice.id, createdAt: now - 7_200, lifetimeSeconds: 3_600)
            try store.create(tokenHash: hash(2), userID: bob.id, createdAt: now, lifetimeSeconds: 3_600)
            try store.create(tokenHash: hash(3), userID: carol.id, createdAt: now, lifetimeSeconds: 3_600)
            _ = try store.consume(tokenHash: hash(2), now: now)
        }
        #expect(try db.write { try PasswordResetStore($0).prune(now: now) } == 2)
        #expect(try db.read { try PasswordResetStore($0).userID(tokenHash: hash(3), now: now) } == carol.id)
    }

    @Test func resetLinkForNoUserIsRefused() throws {
        let missing = FieldRules.newIdentifier()
        #expect(throws: StoreError.missingReference(field: "user_id", value: missing)) {
            try db.write { try PasswordResetStore($0).create(tokenHash: hash(1), userID: missing, createdAt: now, lifetimeSeconds: 60) }
        }
    }

    // MARK: First-admin setup link

    @Test func setupLinkWorksOnceBeforeExpiry() throws {
        try db.write { try SetupTokenStore($0).create(tokenHash: hash(1), createdAt: now, lifetimeSeconds: 3_600) }
        #expect(try db.read { try SetupTokenStore($0).isValid(tokenHash: hash(1), now: now + 1) })
        #expect(try !db.read { try SetupTokenStore($0).isValid(tokenHash: hash(2), now: now + 1) })
        #expect(try db.write { try SetupTokenStore($0).consume(tokenHash: hash(1), now: now + 2) })
        #expect(try !db.write { try SetupTokenStore($0).consume(tokenHash: hash(1), now: now + 3) })
        #expect(try !db.read { try SetupTokenStore($0).isValid(tokenHash: hash(1), now: now + 4) })
    }

    @Test func setupLinkExpiresAtItsLastSecond() throws {
        try db.write { try SetupTokenStore($0).create(tokenHash: hash(1), createdAt: now, lifetimeSeconds: 3_600) }
        #expect(try !db.write { try SetupTokenStore($0).consume(tokenHash: hash(1), now: now + 3_600) })
    }

    @Test func setupLinkIsDeadOnceAnAdminExists() throws {
        try db.write { try SetupTokenStore($0).create(tokenHash: hash(1), createdAt: now, lifetimeSeconds: 3_600) }
        try AuthenticationFixture.user(db, "someone@example.com")
        #expect(try db.read { try SetupTokenStore($0).isValid(tokenHash: hash(1), now: now + 1) })
        try AuthenticationFixture.user(db, "admin@example.com", isAdmin: true)
        #expect(try !db.read { try SetupTokenStore($0).isValid(tokenHash: hash(1), now: now + 1) })
        #expect(try !db.write { try SetupTokenStore($0).consume(tokenHash: hash(1), now: now + 1) })
    }

    @Test func newSetupLinkCancelsTheOlderOne() throws {
        try db.write { try SetupTokenStore($0).create(tokenHash: hash(1), createdAt: now, lifetimeSeconds: 3_600) }
        try db.write { try SetupTokenStore($0).create(tokenHash: hash(2), createdAt: now + 1, lifetimeSeconds: 3_600) }
        #expect(try !db.write { try SetupTokenStore($0).consume(tokenHash: hash(1), now: now + 2) })
        #expect(try db.write { try SetupTokenStore($0).consume(tokenHash: hash(2), now: now + 2) })
    }
}
