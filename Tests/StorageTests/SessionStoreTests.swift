import Domain
import SQLite
import Storage
import Testing

struct SessionStoreTests {
    let db: TestDatabase
    let now = AuthenticationFixture.now

    init() throws {
        db = try TestDatabase()
    }

    private func start(
        _ user: User, seed: Int, at createdAt: Int? = nil, lifetime: Int = 3_600, method: PortalSession.AuthMethod = .password
    ) throws -> PortalSession {
        try db.write {
            try SessionStore($0).create(
                userID: user.id, tokenHash: AuthenticationFixture.tokenHash(seed), createdAt: createdAt ?? now,
                lifetimeSeconds: lifetime, ip: "192.0.2.1", userAgent: "Mozilla/5.0", authMethod: method)
        }
    }

    private func find(_ seed: Int, at time: Int) throws -> (session: PortalSession, user: User)? {
        try db.read { try SessionStore($0).find(tokenHash: AuthenticationFixture.tokenHash(seed), now: time) }
    }

    @Test func createsAndFindsASessionWithItsUser() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let session = try start(alice, seed: 1, method: .passwordAndTOTP)
        #expect(session.expiresAt == now + 3_600 && session.lastSeenAt == now && session.revokedAt == nil)
        let found = try #require(try find(1, at: now + 10))
        #expect(found.session == session)
        #expect(found.user == alice)
        #expect(try find(2, at: now + 10) == nil)
    }

    @Test func expiredSessionIsNotFoundFromItsLastSecond() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        _ = try start(alice, seed: 1, lifetime: 900)
        #expect(try find(1, at: now + 899) != nil)
        #expect(try find(1, at: now + 900) == nil)
    }

    @Test func revokedSessionIsNotFound() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let session = try start(alice, seed: 1)
        #expect(try db.write { try SessionStore($0).revoke(id: session.id, userID: alice.id, by: "logout", now: now + 5) })
        #expect(try find(1, at: now + 6) == nil)
        // Ending it twice does nothing.
        #expect(!(try db.write { try SessionStore($0).revoke(id: session.id, userID: alice.id, by: "logout", now: now + 7) }))
    }

    @Test func disabledUsersSessionIsNotFoundAndStaysEndedWhenReenabled() throws {
        var alice = try AuthenticationFixture.user(db, "alice@example.com")
        _ = try start(alice, seed: 1)
        alice.status = .disabled
        try db.write { db in
            try UserStore(db).update(alice)
            #expect(try SessionStore(db).revokeAllForUser(userID: alice.id, by: "admin-id", now: now + 1) == 1)
        }
        #expect(try find(1, at: now + 2) == nil)
        alice.status = .active
        try db.write { try UserStore($0).update(alice) }
        #expect(try find(1, at: now + 3) == nil)
    }

    @Test func disabledUsersSessionIsRefusedEvenBeforeItIsRevoked() throws {
        var alice = try AuthenticationFixture.user(db, "alice@example.com")
        _ = try start(alice, seed: 1)
        alice.status = .disabled
        try db.write { try UserStore($0).update(alice) }
        #expect(try find(1, at: now + 1) == nil)
    }

    @Test func touchWritesAtMostOnceAMinute() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let session = try start(alice, seed: 1)
        let touch = { (time: Int) in try self.db.write { try SessionStore($0).touch(id: session.id, now: time) } }
        #expect(try !touch(now + 59))
        #expect(try touch(now + 60))
        #expect(try !touch(now + 61))
        #expect(try !touch(now + 119))
        #expect(try touch(now + 120))
        #expect(try find(1, at: now + 121)?.session.lastSeenAt == now + 120)
    }

    @Test func listsOnlyActiveSessionsNewestFirst() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        let first = try start(alice, seed: 1, at: now)
        let second = try start(alice, seed: 2, at: now + 10)
        let third = try start(alice, seed: 3, at: now + 20)
        _ = try start(alice, seed: 4, at: now - 4_000)  // expired by now + 30
        _ = try start(bob, seed: 5, at: now + 5)
        try db.write { _ = try SessionStore($0).revoke(id: second.id, userID: nil, by: "admin", now: now + 25) }
        let listed = try db.read { try SessionStore($0).list(userID: alice.id, now: now + 30) }
        #expect(listed.map(\.id) == [third.id, first.id])
    }

    @Test func userCannotRevokeAnotherUsersSession() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        let bobs = try start(bob, seed: 2)
        #expect(!(try db.write { try SessionStore($0).revoke(id: bobs.id, userID: alice.id, by: alice.id, now: now + 1) }))
        #expect(try find(2, at: now + 2) != nil)
        // An admin (no user constraint) can, and the session records who did it.
        #expect(try db.write { try SessionStore($0).revoke(id: bobs.id, userID: nil, by: alice.id, now: now + 3) })
        let row = try #require(
            try db.read { try $0.queryOne("SELECT revoked_at, revoked_by FROM portal_sessions WHERE id = ?", [bobs.id]) })
        #expect(try row["revoked_at"] as Int == now + 3)
        #expect(try row["revoked_by"] as String == alice.id)
    }

    @Test func revokeAllKeepsTheCurrentSessionAndOtherUsers() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        let current = try start(alice, seed: 1)
        _ = try start(alice, seed: 2)
        _ = try start(alice, seed: 3)
        _ = try start(bob, seed: 4)
        let ended = try db.write { try SessionStore($0).revokeAll(userID: alice.id, except: current.id, by: alice.id, now: now + 1) }
        #expect(ended == 2)
        #expect(try db.read { try SessionStore($0).list(userID: alice.id, now: now + 2) }.map(\.id) == [current.id])
        #expect(try find(4, at: now + 2) != nil)
    }

    @Test func pruneDeletesOnlySessionsEndedMoreThanADayAgo() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let day = 86_400
        _ = try start(alice, seed: 1, at: now - 2 * day, lifetime: 3_600)  // expired 47 h ago: pruned
        _ = try start(alice, seed: 2, at: now - day - 3_600, lifetime: 3_600)  // expired exactly a day ago: pruned
        _ = try start(alice, seed: 3, at: now - day, lifetime: 3_600)  // expired 23 h ago: kept
        let revokedLongAgo = try start(alice, seed: 4, at: now - 2 * day, lifetime: 90 * day)
        let revokedRecently = try start(alice, seed: 5, at: now - 2 * day, lifetime: 90 * day)
        let active = try start(alice, seed: 6, at: now - 2 * day, lifetime: 90 * day)
        try db.write { db in
            _ = try SessionStore(db).revoke(id: revokedLongAgo.id, userID: nil, by: "admin", now: now - day - 1)
            _ = try SessionStore(db).revoke(id: revokedRecently.id, userID: nil, by: "admin", now: now - 60)
        }
        #expect(try SessionStore.prune(db.database, now: now, batchSize: 1) == 3)
        let left: [Int64] = try db.read { try $0.query("SELECT id FROM portal_sessions ORDER BY id").map { try $0["id"] } }
        #expect(left.count == 3)
        #expect(left.contains(active.id) && left.contains(revokedRecently.id))
        #expect(try find(6, at: now) != nil)
    }

    @Test func hostileClientDetailsAreCleanedAndBoundedNotRefused() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let session = try db.write {
            try SessionStore($0).create(
                userID: alice.id, tokenHash: AuthenticationFixture.tokenHash(1), createdAt: now, lifetimeSeconds: 60,
                ip: "192.0.2.1\r\nX: y" + String(repeating: "9", count: 100),
                userAgent: "Evil\u{0}\u{1B}[31m" + String(repeating: "界", count: 1_000),
                authMethod: .saml)
        }
        #expect(session.ip.unicodeScalars.count == 64 && session.ip.hasPrefix("192.0.2.1X: y"))
        #expect(session.userAgent.hasPrefix("Evil[31m界") && session.userAgent.unicodeScalars.count == 512)
        #expect(try find(1, at: now)?.session == session)
    }

    @Test func refusesASessionForNoUser() throws {
        let missing = FieldRules.newIdentifier()
        #expect(throws: StoreError.missingReference(field: "user_id", value: missing)) {
            try db.write {
                try SessionStore($0).create(
                    userID: missing, tokenHash: AuthenticationFixture.tokenHash(1), createdAt: now, lifetimeSeconds: 60, ip: "",
                    userAgent: "", authMethod: .password)
            }
        }
    }

    @Test func refusesAReusedTokenHash() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        _ = try start(alice, seed: 1)
        #expect(throws: SQLiteError.self) { try start(alice, seed: 1) }
    }

    @Test func idsOfDeletedSessionsAreNeverReused() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let old = try start(alice, seed: 1, at: now - 10 * 86_400, lifetime: 60)
        #expect(try SessionStore.prune(db.database, now: now) == 1)
        let new = try start(alice, seed: 2)
        #expect(new.id > old.id)
        #expect(!(try db.write { try SessionStore($0).revoke(id: old.id, userID: alice.id, by: alice.id, now: now + 1) }))
    }
}
