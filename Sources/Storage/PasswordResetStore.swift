import SQLite

/// One-time password reset links an admin hands to a user, stored as the hash of their token.
///
/// A link works once, before it expires, and only for an active user. Making a new link for a user
/// cancels their older ones, so only the link the admin passed on last can be used.
package struct PasswordResetStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Stores a link for `userID`, valid for `lifetimeSeconds` from `createdAt`, replacing older ones.
    package func create(tokenHash: String, userID: String, createdAt: Int, lifetimeSeconds: Int) throws {
        precondition(lifetimeSeconds > 0, "a reset link must last some time")
        try db.execute("DELETE FROM password_reset_tokens WHERE user_id = ?", [userID])
        do {
            try db.execute(
                "INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                [tokenHash, userID, createdAt, createdAt + lifetimeSeconds])
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: userID)
        }
    }

    /// The user a link is for, without using it up (to show the form); nil when it would not be accepted.
    package func userID(tokenHash: String, now: Int) throws -> String? {
        try db.scalar(
            """
            SELECT t.user_id FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = ?1 AND t.used_at IS NULL AND t.expires_at > ?2 AND u.status = 'active'
            """,
            [tokenHash, now])
    }

    /// Uses the link up and returns its user; nil when it is unknown, used, expired or the user is disabled.
    package func consume(tokenHash: String, now: Int) throws -> String? {
        try db.scalar(
            """
            UPDATE password_reset_tokens SET used_at = ?2
            WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                AND user_id IN (SELECT id FROM users WHERE status = 'active')
            RETURNING user_id
            """,
            [tokenHash, now])
    }

    /// Deletes links that expired or were used before `now`; returns how many.
    @discardableResult
    package func prune(now: Int) throws -> Int {
        try db.execute("DELETE FROM password_reset_tokens WHERE expires_at <= ?1 OR used_at IS NOT NULL", [now])
        return db.changes
    }
}
