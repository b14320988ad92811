import SQLite

/// The one-time link printed at first start that lets someone create the first admin.
///
/// It works once, before it expires, and only while no admin exists: once the first admin is there, a
/// copy of the link left in a terminal scrollback or a log is worthless. Making a new link cancels the old.
package struct SetupTokenStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Stores the link's token hash, valid for `lifetimeSeconds` from `createdAt`, replacing any other.
    package func create(tokenHash: String, createdAt: Int, lifetimeSeconds: Int) throws {
        precondition(lifetimeSeconds > 0, "a setup link must last some time")
        try db.execute("DELETE FROM setup_tokens")
        try db.execute(
            "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)",
            [tokenHash, createdAt, createdAt + lifetimeSeconds])
    }

    /// Whether the link would be accepted now, without using it up (to show the form).
    package func isValid(tokenHash: String, now: Int) throws -> Bool {
        try db.scalar(
            """
            SELECT EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2)
                AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin = 1)
            """,
            [tokenHash, now])
    }

    /// Uses the link up; true exactly once, before it expires, while no admin exists.
    package func consume(tokenHash: String, now: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE setup_tokens SET used_at = ?2
            WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin = 1)
            """,
            [tokenHash, now])
        return db.changes == 1
    }
}
