import SQLite

extension Schema {
    /// Security keys and passkeys (issue 19): registered WebAuthn credentials, the challenges already
    /// answered, each group's MFA rule, and the two new sign-in methods.
    ///
    /// A challenge is not stored when it is issued (it is MAC'd and carries its own expiry, so a sign-in page
    /// costs no write); it is recorded when it is answered, and the primary key refuses a second answer.
    static let webAuthnSchema = """
        CREATE TABLE webauthn_credentials (
            id INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            credential_id BLOB NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 1 AND 1023),
            public_key BLOB NOT NULL CHECK (length(public_key) BETWEEN 1 AND 2048),
            algorithm INTEGER NOT NULL CHECK (algorithm IN (-7, -8, -257)),
            sign_count INTEGER NOT NULL DEFAULT 0 CHECK (sign_count BETWEEN 0 AND 4294967295),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            discoverable INTEGER NOT NULL CHECK (discoverable IN (0, 1)),
            backup_eligible INTEGER NOT NULL CHECK (backup_eligible IN (0, 1)),
            transports TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(transports) AND json_type(transports) = 'array'),
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            UNIQUE (user_id, name)
        ) STRICT;

        CREATE TABLE webauthn_answered_challenges (
            challenge_hash TEXT PRIMARY KEY NOT NULL CHECK (length(challenge_hash) = 64 AND challenge_hash NOT GLOB '*[^0-9a-f]*'),
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX webauthn_answered_challenges_expiry ON webauthn_answered_challenges (expires_at);

        ALTER TABLE groups ADD COLUMN mfa_rule TEXT NOT NULL DEFAULT 'none' CHECK (mfa_rule IN ('none', 'required', 'phishing-resistant'));
        """

    /// The sign-in methods the `auth_method` columns allowed before WebAuthn, and after.
    private static let authMethodsBefore = "auth_method IN ('password', 'password+totp', 'password+recovery', 'saml')"
    static let authMethodsAfter =
        "auth_method IN ('password', 'password+totp', 'password+recovery', 'password+webauthn', 'passkey', 'saml')"

    /// Migration 0018: the WebAuthn tables, and the `auth_method` checks widened to the two WebAuthn methods.
    static func webAuthn(_ db: Connection) throws {
        try db.executeScript(webAuthnSchema)
        for table in ["portal_sessions", "device_authorizations", "authorization_codes"] {
            try rebuild(table, db: db) { $0.replacing(authMethodsBefore, with: authMethodsAfter) }
        }
    }

    /// Replaces `table` by a copy whose `CREATE TABLE` text `change` rewrote (SQLite cannot alter a `CHECK`),
    /// keeping every row, index and trigger. Runs with foreign keys off (`rebuildsTables`), so dropping the old
    /// table cascades nothing.
    static func rebuild(_ table: String, db: Connection, change: (String) -> String) throws {
        guard let original: String = try db.queryOne("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])?[0]
        else { throw MigrationError.unexpectedTable(table) }
        let rewritten = change(original)
        guard rewritten != original else { throw MigrationError.unexpectedTable(table) }
        let dependents: [String] = try db.query(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL", [table]
        ).map { try $0[0] }
        let rebuilt = table + "_rebuilt"
        // A table rebuilt before reads `CREATE TABLE "name"`: SQLite quotes the name it renames a table to.
        guard let nameRange = rewritten.firstRange(of: "CREATE TABLE \(table)") ?? rewritten.firstRange(of: "CREATE TABLE \"\(table)\"")
        else { throw MigrationError.unexpectedTable(table) }
        try db.execute(String(rewritten[..<nameRange.lowerBound]) + "CREATE TABLE \(rebuilt)" + rewritten[nameRange.upperBound...])
        try db.executeScript(
            """
            INSERT INTO \(rebuilt) SELECT * FROM \(table);
            DROP TABLE \(table);
            ALTER TABLE \(rebuilt) RENAME TO \(table);
            """)
        for statement in dependents {
            try db.execute(statement)
        }
    }
}
