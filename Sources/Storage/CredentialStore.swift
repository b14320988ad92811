import SQLite

/// Users' password hashes, kept apart from `users` so no user query can select one by accident.
package struct CredentialStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Stores (or replaces) the user's password hash, a PHC string such as `$scrypt$ln=14,r=8,p=1$…`.
    ///
    /// Throws `StoreError.missingReference` when there is no such user.
    package func setPasswordHash(userID: String, hash: String, now: Int) throws {
        do {
            try db.execute(
                """
                INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
                """,
                [userID, hash, now])
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: userID)
        }
    }

    /// The user's password hash, or nil when they have none (SCIM and SAML users sign in elsewhere).
    package func passwordHash(userID: String) throws -> String? {
        try db.scalar("SELECT password_hash FROM user_credentials WHERE user_id = ?", [userID])
    }

    /// Removes the user's password, so only their identity provider can sign them in.
    @discardableResult
    package func removePassword(userID: String) throws -> Bool {
        try db.execute("DELETE FROM user_credentials WHERE user_id = ?", [userID])
        return db.changes == 1
    }
}
