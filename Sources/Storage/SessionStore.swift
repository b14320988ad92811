import Domain
import SQLite

/// Portal sessions: created at sign-in, looked up on every request, ended by users and admins, pruned.
///
/// Sessions are found only by the SHA-256 of the cookie's token, never by the token. `find` is the one
/// way to turn a cookie into a user, and it refuses expired and revoked sessions, disabled users and
/// sessions outside their user's MFA rule itself, so no caller can forget one of those checks.
package struct SessionStore {
    /// What looking up a token found.
    package enum Lookup {
        case active(PortalSession, User)
        /// An active session its user's MFA rule no longer admits (`outsideMFARuleSQL`): to be ended, not used.
        case outsideMFARule(PortalSession)
        case none
    }

    /// Who the session lists name as having ended a session outside its user's MFA rule.
    package static let mfaRuleRevoker = "mfa-rule"

    /// The least time between two writes of `last_seen_at` for one session.
    package static let touchInterval = 60
    /// How long ended sessions stay listed for audit before `prune` deletes them.
    package static let retentionAfterEnd = 86_400
    /// Rows one prune statement deletes, so the write lock is never held for long.
    package static let pruneBatchSize = 1_000
    static let maximumIPLength = 64
    static let maximumUserAgentLength = 512

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    static let columns = """
        s.id AS session_id, s.user_id AS session_user_id, s.created_at AS session_created_at,
        s.expires_at AS session_expires_at, s.last_seen_at AS session_last_seen_at, s.ip AS session_ip,
        s.user_agent AS session_user_agent, s.auth_method AS session_auth_method, s.revoked_at AS session_revoked_at,
        s.revoked_by AS session_revoked_by, COALESCE(s.verified_at, s.created_at) AS session_verified_at,
        s.cli_client_id AS session_cli_client_id, s.cli_client_name AS session_cli_client_name
        """
    private static let userColumns = UserStore.columns(of: "u")

    /// SQL, true for a session `s` its user's MFA rule no longer admits: signed in without a security key or
    /// passkey while the user is in a phishing-resistant group, put there after the sign-in (a group joined, a
    /// rule tightened, by a form, `apply` or SCIM alike). Such a session must not outlive the rule by up to 90
    /// days. The methods come from `AuthMethod.isPhishingResistant`, so the rule has one definition.
    ///
    /// It runs on every request, so it starts from the few phishing-resistant groups (a partial index, empty in
    /// most portals) and probes each for the user; `CROSS JOIN` keeps SQLite from starting at the user's
    /// memberships instead, which cost a fifth of a portal page's time when measured.
    static let outsideMFARuleSQL: String = {
        let resistant = PortalSession.AuthMethod.allCases.filter(\.isPhishingResistant).map { "'\($0.rawValue)'" }
        return """
            (s.auth_method NOT IN (\(resistant.joined(separator: ", "))) AND EXISTS (
                SELECT 1 FROM groups g CROSS JOIN group_members m
                WHERE g.mfa_rule = '\(MFARule.phishingResistant.rawValue)' AND m.group_id = g.id AND m.user_id = s.user_id))
            """
    }()

    /// Browser sessions only: a CLI's access token presented as a cookie is no session.
    static let findSQL = """
        SELECT \(columns), \(userColumns), \(outsideMFARuleSQL) AS session_outside_mfa_rule
        FROM portal_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2 AND u.status = 'active'
            AND s.cli_client_id IS NULL
        """
    /// The user's (`?1`) sessions active at `?2`, for `list` and `activeCount`.
    private static let activeOfUserSQL =
        "s.user_id = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2 AND NOT \(outsideMFARuleSQL)"
    static let listSQL = """
        SELECT \(columns) FROM portal_sessions s WHERE \(activeOfUserSQL)
        ORDER BY s.created_at DESC, s.id DESC LIMIT ?3
        """
    /// One batch of sessions that expired before the cutoff, found through the `expires_at` index: the first
    /// rows of a range scan, so a batch costs the same however large the backlog (a `UNION` of both kinds
    /// had to collect every candidate before its `LIMIT`, and grew with the backlog).
    static let pruneExpiredSQL = """
        DELETE FROM portal_sessions WHERE id IN (
            SELECT id FROM portal_sessions WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)
        """
    /// The same for sessions revoked before the cutoff, through the partial index over revoked rows.
    static let pruneRevokedSQL = """
        DELETE FROM portal_sessions WHERE id IN (
            SELECT id FROM portal_sessions WHERE revoked_at <= ?1 ORDER BY revoked_at LIMIT ?2)
        """

    /// Starts a session for `userID` lasting `lifetimeSeconds` from `createdAt`.
    ///
    /// `tokenHash` must be the lowercase hex SHA-256 of a fresh random token; the schema refuses anything
    /// else. The client address and user agent are shown back to the user, so control characters are
    /// dropped and both are cut to a bounded length rather than refused: a hostile header must not stop
    /// a legitimate sign-in.
    package func create(
        userID: String, tokenHash: String, createdAt: Int, lifetimeSeconds: Int, ip: String, userAgent: String,
        authMethod: PortalSession.AuthMethod
    ) throws -> PortalSession {
        precondition(lifetimeSeconds > 0, "a session must last some time")
        let ip = Self.displayable(ip, maximum: Self.maximumIPLength)
        let userAgent = Self.displayable(userAgent, maximum: Self.maximumUserAgentLength)
        do {
            try db.execute(
                """
                INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent, auth_method)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [tokenHash, userID, createdAt, createdAt + lifetimeSeconds, createdAt, ip, userAgent, authMethod.rawValue])
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: userID)
        }
        return PortalSession(
            id: db.lastInsertRowID, userID: userID, createdAt: createdAt, expiresAt: createdAt + lifetimeSeconds,
            lastSeenAt: createdAt, ip: ip, userAgent: userAgent, authMethod: authMethod)
    }

    /// The active session with this token hash and its user; nil when there is none, it expired, it was
    /// revoked, or the user is disabled.
    package func find(tokenHash: String, now: Int) throws -> (session: PortalSession, user: User)? {
        guard case .active(let session, let user) = try lookup(tokenHash: tokenHash, now: now) else { return nil }
        return (session, user)
    }

    /// What `find` finds, telling a session outside its user's MFA rule apart, so the caller can end it.
    package func lookup(tokenHash: String, now: Int) throws -> Lookup {
        guard let row = try db.queryOne(Self.findSQL, [tokenHash, now]) else { return .none }
        return try Self.lookup(row)
    }

    /// A row of `findSQL` (or the CLI's equivalent), which carries `session_outside_mfa_rule`.
    static func lookup(_ row: Row) throws -> Lookup {
        let session = try session(row)
        if try row["session_outside_mfa_rule"] as Bool { return .outsideMFARule(session) }
        return .active(session, try UserStore.user(row))
    }

    /// Records that the session was used at `now`, unless it was already recorded within the last minute.
    ///
    /// Returns whether it wrote. Skipping most writes keeps page loads from queueing on the writer.
    @discardableResult
    package func touch(id: Int64, now: Int) throws -> Bool {
        try db.execute(
            "UPDATE portal_sessions SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at <= ?2 - ?3 AND revoked_at IS NULL",
            [id, now, Self.touchInterval])
        return db.changes == 1
    }

    /// Records that the session's holder proved who they are again at `now`; false when it is no longer active.
    @discardableResult
    package func markVerified(id: Int64, now: Int) throws -> Bool {
        try db.execute(
            "UPDATE portal_sessions SET verified_at = ?2 WHERE id = ?1 AND revoked_at IS NULL AND expires_at > ?2", [id, now])
        return db.changes == 1
    }

    /// The user's active sessions, newest first.
    package func list(userID: String, now: Int, limit: Int = 100) throws -> [PortalSession] {
        try db.query(Self.listSQL, [userID, now, max(0, limit)]).map(Self.session)
    }

    /// How many sessions `list` would show without a limit, counted in SQLite.
    package func activeCount(userID: String, now: Int) throws -> Int {
        try db.scalar("SELECT count(*) FROM portal_sessions s WHERE \(Self.activeOfUserSQL)", [userID, now])
    }

    /// Ends one session now. With `userID`, only if it belongs to that user, so a user ending "their"
    /// session by id cannot end someone else's; admins pass nil. Returns whether an active session ended.
    @discardableResult
    package func revoke(id: Int64, userID: String?, by actor: String, now: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE portal_sessions SET revoked_at = ?3, revoked_by = ?4
            WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL AND expires_at > ?3
            """,
            [id, userID, now, actor])
        return db.changes == 1
    }

    /// Ends every active session of the user except `except` (the one making the request, for "sign out
    /// everywhere else"), returning how many ended.
    @discardableResult
    package func revokeAll(userID: String, except: Int64?, by actor: String, now: Int) throws -> Int {
        try db.execute(
            """
            UPDATE portal_sessions SET revoked_at = ?3, revoked_by = ?4
            WHERE user_id = ?1 AND (?2 IS NULL OR id != ?2) AND revoked_at IS NULL AND expires_at > ?3
            """,
            [userID, except, now, actor])
        return db.changes
    }

    /// Ends all of the user's sessions, for disabling them.
    ///
    /// `find` already refuses a disabled user's sessions; revoking them too means enabling the user again
    /// does not bring the old cookies back to life.
    @discardableResult
    package func revokeAllForUser(userID: String, by actor: String, now: Int) throws -> Int {
        try revokeAll(userID: userID, except: nil, by: actor, now: now)
    }

    /// Deletes up to `limit` sessions that expired or were revoked more than `retentionAfterEnd` before
    /// `now`, returning how many. Call it in separate transactions until it returns less than `limit`, or
    /// use `prune(_:now:)`.
    package func pruneBatch(now: Int, limit: Int = SessionStore.pruneBatchSize) throws -> Int {
        let cutoff = now - Self.retentionAfterEnd
        try db.execute(Self.pruneExpiredSQL, [cutoff, max(0, limit)])
        let expired = db.changes
        guard expired < limit else { return expired }
        try db.execute(Self.pruneRevokedSQL, [cutoff, limit - expired])
        return expired + db.changes
    }

    /// Prunes every ended session, one short write transaction per batch so requests can write between
    /// them, until none is left or `shouldStop` says so (checked between batches, so a stop waits for one
    /// batch at most); returns how many were deleted.
    package static func prune(
        _ database: Database, now: Int, batchSize: Int = SessionStore.pruneBatchSize, shouldStop: () -> Bool = { false }
    ) throws -> Int {
        precondition(batchSize > 0, "a prune batch must delete something")
        var total = 0
        while !shouldStop() {
            let deleted = try database.write { try SessionStore($0).pruneBatch(now: now, limit: batchSize) }
            total += deleted
            if deleted < batchSize { break }
        }
        return total
    }

    static func session(_ row: Row) throws -> PortalSession {
        PortalSession(
            id: try row["session_id"], userID: try row["session_user_id"], createdAt: try row["session_created_at"],
            expiresAt: try row["session_expires_at"], lastSeenAt: try row["session_last_seen_at"], ip: try row["session_ip"],
            userAgent: try row["session_user_agent"],
            authMethod: try decode(PortalSession.AuthMethod.self, row["session_auth_method"]),
            verifiedAt: try row["session_verified_at"], revokedAt: try row["session_revoked_at"], revokedBy: try row["session_revoked_by"],
            cliClient: try cliClient(row))
    }

    private static func cliClient(_ row: Row) throws -> PortalSession.CLIClient? {
        let id: String? = try row["session_cli_client_id"]
        let name: String? = try row["session_cli_client_name"]
        guard let id, let name else { return nil }
        return PortalSession.CLIClient(id: id, name: name)
    }

    /// `text` without control characters, cut to `maximum` Unicode scalars (SQLite's `length()` unit).
    static func displayable(_ text: String, maximum: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars where scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) {
            guard count < maximum else { break }
            scalars.append(scalar)
            count += 1
        }
        return String(scalars)
    }
}
