extension Schema {
    /// Passwords, portal sessions, MFA devices, recovery codes and one-time links.
    ///
    /// Times are whole Unix seconds (`INTEGER`) throughout, so expiry is one integer comparison that an index
    /// can serve. Secrets that are bearer tokens (session, reset, setup) and recovery codes are stored only as
    /// lowercase hex SHA-256: a copy of the file cannot be replayed as a cookie or a link. TOTP secrets must
    /// be stored as they are, because the server has to compute the codes. Every row belongs to a user and
    /// cascades with them, so deleting a user ends their sessions in the same statement.
    ///
    /// `portal_sessions` must stay fast at a million rows: the `UNIQUE` token hash serves every request's
    /// look-up, `(user_id, created_at)` serves "my sessions" newest first, and pruning walks `expires_at`
    /// and a partial index over the few revoked rows.
    ///
    /// Session and device ids are `AUTOINCREMENT` so a deleted row's id is never handed out again: an
    /// "end this session" or "confirm this device" form still open on an old id must not reach a new row.
    static let authenticationSchema = """
        CREATE TABLE user_credentials (
            user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            password_hash TEXT NOT NULL CHECK (length(password_hash) BETWEEN 2 AND 512 AND substr(password_hash, 1, 1) = '$'),
            updated_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE portal_sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            last_seen_at INTEGER NOT NULL CHECK (last_seen_at >= created_at),
            ip TEXT NOT NULL DEFAULT '' CHECK (length(ip) <= 64),
            user_agent TEXT NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
            auth_method TEXT NOT NULL CHECK (auth_method IN ('password', 'password+totp', 'password+recovery', 'saml')),
            revoked_at INTEGER,
            revoked_by TEXT CHECK (revoked_by IS NULL OR length(revoked_by) BETWEEN 1 AND 256),
            CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
        ) STRICT;
        CREATE INDEX portal_sessions_user ON portal_sessions (user_id, created_at);
        CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);
        CREATE INDEX portal_sessions_revoked ON portal_sessions (revoked_at) WHERE revoked_at IS NOT NULL;

        CREATE TABLE mfa_devices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            secret BLOB NOT NULL CHECK (length(secret) = 20),
            created_at INTEGER NOT NULL,
            confirmed_at INTEGER CHECK (confirmed_at IS NULL OR confirmed_at >= created_at),
            last_used_step INTEGER CHECK (last_used_step IS NULL OR last_used_step >= 0),
            UNIQUE (user_id, name)
        ) STRICT;

        CREATE TABLE recovery_codes (
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            code_hash TEXT NOT NULL CHECK (length(code_hash) = 64 AND code_hash NOT GLOB '*[^0-9a-f]*'),
            used_at INTEGER,
            PRIMARY KEY (user_id, code_hash)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE password_reset_tokens (
            token_hash TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            used_at INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);

        CREATE TABLE setup_tokens (
            token_hash TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            used_at INTEGER
        ) STRICT, WITHOUT ROWID;
        """
}
