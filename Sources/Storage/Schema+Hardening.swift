import SQLite

extension Schema {
    /// The fixes of the first security review: sealed TOTP secrets, a per-account limit on second-factor
    /// guesses, reset links that end when what they were issued against changes, and re-verification.
    ///
    /// `mfa_devices` is rebuilt because SQLite cannot change a `CHECK`: a secret is now either a legacy
    /// 20-byte plaintext, which the server seals at its next start (the key is not the database's to
    /// know), or a 49-byte sealed value (a version byte, then AES-256-GCM's nonce, ciphertext and tag).
    /// The `AUTOINCREMENT` counter is carried over so no deleted device's id comes back.
    static func hardenAuthentication(_ db: Connection) throws {
        let lastDeviceID: Int64? = try db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'mfa_devices'")
        try db.executeScript(
            """
            CREATE TABLE mfa_devices_sealed (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
                secret BLOB NOT NULL CHECK (length(secret) = 20 OR (length(secret) = 49 AND substr(secret, 1, 1) = x'01')),
                created_at INTEGER NOT NULL,
                confirmed_at INTEGER CHECK (confirmed_at IS NULL OR confirmed_at >= created_at),
                last_used_step INTEGER CHECK (last_used_step IS NULL OR last_used_step >= 0),
                UNIQUE (user_id, name)
            ) STRICT;
            INSERT INTO mfa_devices_sealed SELECT id, user_id, name, secret, created_at, confirmed_at, last_used_step FROM mfa_devices;
            DROP TABLE mfa_devices;
            ALTER TABLE mfa_devices_sealed RENAME TO mfa_devices;
            """)
        if let lastDeviceID {
            try db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'mfa_devices'", [lastDeviceID])
            if db.changes == 0 { try db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('mfa_devices', ?1)", [lastDeviceID]) }
        }
        try db.executeScript(
            """
            -- Wrong second-factor codes per user, across sign-ins and client addresses. `failures` counts since the
            -- last correct code or quiet day; `flagged_at` marks an account someone is guessing, until an admin
            -- dismisses it, and `flagged_failures` counts the wrong codes since then.
            CREATE TABLE second_factor_failures (
                user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                failures INTEGER NOT NULL CHECK (failures >= 0),
                last_failure_at INTEGER NOT NULL,
                blocked_until INTEGER NOT NULL,
                flagged_at INTEGER,
                flagged_failures INTEGER NOT NULL DEFAULT 0 CHECK (flagged_failures >= 0)
            ) STRICT, WITHOUT ROWID;

            -- When a re-verification (password or second factor again) last happened in the session; NULL means
            -- only at sign-in (created_at).
            ALTER TABLE portal_sessions ADD COLUMN verified_at INTEGER;

            -- A reset link is issued against the user's state at the time; once their password, second factor
            -- or status changes, whoever holds a link made before must ask again. Triggers hold this for every
            -- writer (forms, apply, SCIM), not just the pages that remember to.
            CREATE TRIGGER reset_links_end_on_new_password AFTER INSERT ON user_credentials
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.user_id AND used_at IS NULL; END;
            CREATE TRIGGER reset_links_end_on_password_change AFTER UPDATE OF password_hash ON user_credentials
                WHEN NEW.password_hash IS NOT OLD.password_hash
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.user_id AND used_at IS NULL; END;
            CREATE TRIGGER reset_links_end_on_status_change AFTER UPDATE OF status ON users
                WHEN NEW.status IS NOT OLD.status
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.id AND used_at IS NULL; END;
            CREATE TRIGGER reset_links_end_on_device_confirmed AFTER UPDATE OF confirmed_at ON mfa_devices
                WHEN OLD.confirmed_at IS NULL AND NEW.confirmed_at IS NOT NULL
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.user_id AND used_at IS NULL; END;
            CREATE TRIGGER reset_links_end_on_device_removed AFTER DELETE ON mfa_devices
                WHEN OLD.confirmed_at IS NOT NULL
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = OLD.user_id AND used_at IS NULL; END;
            CREATE TRIGGER reset_links_end_on_recovery_codes AFTER INSERT ON recovery_codes
                BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.user_id AND used_at IS NULL; END;
            """)
    }
}
