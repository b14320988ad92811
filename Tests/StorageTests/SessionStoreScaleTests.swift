import Domain
import SQLite
import Testing

@testable import Storage

/// The session table at production size: every per-request query must go through an index.
struct SessionStoreScaleTests {
    let db: TestDatabase
    let now = AuthenticationFixture.now
    static let userCount = 1_000
    static let sessionCount = 200_000

    /// 1,000 users and 200,000 sessions, a tenth revoked and about half expired, in one transaction.
    init() throws {
        db = try TestDatabase()
        try db.write { db in
            try db.execute(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                INSERT INTO users (id, email, display_name) SELECT printf('00000000-0000-4000-8000-%012d', i), 'user' || i || '@example.com', 'User ' || i FROM n
                """,
                [Self.userCount])
            try db.execute(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method, revoked_at, revoked_by)
                SELECT printf('%064x', i), printf('00000000-0000-4000-8000-%012d', i % ?2 + 1), ?3 - 200000 + i, ?3 - 100000 + i + i % 7,
                    ?3 - 200000 + i, 'password', CASE WHEN i % 10 = 0 THEN ?3 - 150000 + i END, CASE WHEN i % 10 = 0 THEN 'admin' END
                FROM n
                """,
                [Self.sessionCount, Self.userCount, now])
            try db.execute("ANALYZE")
        }
    }

    private func plan(_ sql: String, _ bindings: [(any DatabaseValueConvertible)?]) throws -> [String] {
        try db.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, bindings).map { try $0["detail"] } }
    }

    /// True when no step of the plan reads the whole session table.
    private func avoidsFullScan(_ plan: [String]) -> Bool {
        !plan.contains { $0.hasPrefix("SCAN portal_sessions") || $0.hasPrefix("SCAN s") }
    }

    @Test func findUsesTheTokenHashIndexAndTheUsersKey() throws {
        let steps = try plan(SessionStore.findSQL, [AuthenticationFixture.tokenHash(1), now])
        #expect(avoidsFullScan(steps), "\(steps)")
        #expect(steps.contains { $0.contains("sqlite_autoindex_portal_sessions_1") }, "\(steps)")
        #expect(steps.contains { $0.hasPrefix("SEARCH u USING INDEX sqlite_autoindex_users_1") }, "\(steps)")
        // The MFA rule's check starts from the phishing-resistant groups (usually none), not the user's memberships.
        #expect(steps.contains { $0.contains("groups_phishing_resistant") }, "\(steps)")
        #expect(steps.contains { $0.hasPrefix("SEARCH m USING PRIMARY KEY (group_id=? AND user_id=?)") }, "\(steps)")
    }

    @Test func listUsesTheUserIndexInOrder() throws {
        let steps = try plan(SessionStore.listSQL, ["00000000-0000-4000-8000-000000000001", now, 100])
        #expect(avoidsFullScan(steps), "\(steps)")
        #expect(steps.contains { $0.contains("portal_sessions_user") }, "\(steps)")
        #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
    }

    @Test func pruneUsesTheExpiryAndRevocationIndexesWithoutSortingTheBacklog() throws {
        let expired = try plan(SessionStore.pruneExpiredSQL, [now - 86_400, 1_000])
        #expect(avoidsFullScan(expired.filter { !$0.contains("LIST SUBQUERY") }), "\(expired)")
        #expect(expired.contains { $0.contains("portal_sessions_expires") }, "\(expired)")
        let revoked = try plan(SessionStore.pruneRevokedSQL, [now - 86_400, 1_000])
        #expect(avoidsFullScan(revoked.filter { !$0.contains("LIST SUBQUERY") }), "\(revoked)")
        #expect(revoked.contains { $0.contains("portal_sessions_revoked") }, "\(revoked)")
        // A temporary B-tree would mean collecting (and sorting) every candidate before the LIMIT.
        #expect(!(expired + revoked).contains { $0.contains("TEMP B-TREE") || $0.contains("UNION") }, "\(expired + revoked)")
    }

    @Test func aPruneStopsBetweenBatchesWhenAskedTo() throws {
        var batches = 0
        let deleted = try SessionStore.prune(db.database, now: now, batchSize: 500) {
            batches += 1
            return batches > 3
        }
        #expect(deleted == 1_500)
    }

    @Test func storeOperationsGiveTheRightAnswersAtThisSize() throws {
        // Session 150,001 belongs to user 2 and is neither revoked nor expired; 150,000 (user 1) is revoked.
        let found = try #require(try db.read { try SessionStore($0).find(tokenHash: AuthenticationFixture.tokenHash(150_001), now: now) })
        #expect(found.session.id == 150_001)
        #expect(found.user.email == "user2@example.com")
        #expect(try db.read { try SessionStore($0).find(tokenHash: AuthenticationFixture.tokenHash(150_000), now: now) } == nil)

        // User 2 holds sessions 1, 1001, …, 199001; those from 100,001 on are still active.
        let listed = try db.read { try SessionStore($0).list(userID: "00000000-0000-4000-8000-000000000002", now: now, limit: 1_000) }
        #expect(listed.count == 100)
        #expect(listed.map(\.createdAt) == listed.map(\.createdAt).sorted(by: >))
        #expect(listed.allSatisfy { $0.isActive(at: now) })
        #expect(try db.read { try SessionStore($0).activeCount(userID: "00000000-0000-4000-8000-000000000002", now: now) } == 100)

        let expected: Int = try db.read { db in
            try db.scalar(
                "SELECT count(*) FROM portal_sessions WHERE expires_at <= ?1 OR revoked_at <= ?1", [now - SessionStore.retentionAfterEnd])
        }
        #expect(expected > 10_000)
        #expect(try SessionStore.prune(db.database, now: now) == expected)
        #expect(try db.read { db in try db.scalar("SELECT count(*) FROM portal_sessions") } == Self.sessionCount - expected)
    }
}
