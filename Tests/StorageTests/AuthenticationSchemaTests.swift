import Domain
import SQLite
import Storage
import Testing

struct AuthenticationSchemaTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func appliesOnTopOfADirectoryThatAlreadyHoldsUsers() throws {
        // Roll the file back to 0003 with a user in it, then migrate again.
        try db.write { db in
            try db.executeScript(
                """
                DROP TABLE user_credentials; DROP TABLE portal_sessions; DROP TABLE mfa_devices; DROP TABLE recovery_codes;
                DROP TABLE password_reset_tokens; DROP TABLE setup_tokens;
                DELETE FROM schema_migrations WHERE name = '0004_authentication';
                """)
        }
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        try Schema.migrator.migrate(db.database)
        #expect(try Schema.migrator.appliedMigrations(db.database).last == "0004_authentication")
        try db.write { try CredentialStore($0).setPasswordHash(userID: alice.id, hash: "$scrypt$x", now: AuthenticationFixture.now) }
        #expect(try db.read { try CredentialStore($0).passwordHash(userID: alice.id) } == "$scrypt$x")
    }

    @Test func tablesAreStrict() throws {
        let strict: [String] = try db.read { db in
            try db.query(
                "SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('user_credentials', 'portal_sessions', 'mfa_devices', 'recovery_codes', 'password_reset_tokens', 'setup_tokens') ORDER BY name"
            ).map { try $0[0] }
        }
        #expect(
            strict == ["mfa_devices", "password_reset_tokens", "portal_sessions", "recovery_codes", "setup_tokens", "user_credentials"])
    }

    @Test(arguments: [
        // Token hashes must be 64 lowercase hex digits.
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES ('abc', ?1, 1, 2, 1, 'password')",
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES (upper(?2), ?1, 1, 2, 1, 'password')",
        // Unknown sign-in method, session ending before it starts, revoked without saying by whom.
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES (?2, ?1, 1, 2, 1, 'magic')",
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES (?2, ?1, 5, 5, 5, 'password')",
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method, revoked_at) VALUES (?2, ?1, 1, 2, 1, 'password', 1)",
        // A session of nobody.
        "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES (?2, ?1 || '-gone', 1, 2, 1, 'password')",
        // TOTP secrets are 20 bytes before the server seals them, then 49 with version byte 1; a password
        // hash is a PHC string.
        "INSERT INTO mfa_devices (user_id, name, secret, created_at) VALUES (?1, 'Phone', zeroblob(16), 1)",
        "INSERT INTO mfa_devices (user_id, name, secret, created_at) VALUES (?1, 'Phone', zeroblob(49), 1)",
        "INSERT INTO mfa_devices (user_id, name, secret, created_at) VALUES (?1, '', zeroblob(20), 1)",
        "INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?1, 'hunter2', 1)",
        "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, 'k7wq-3mzp-hx9d')",
        "INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at) VALUES (?2, ?1, 10, 10)",
        "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ('short', 1, 2)",
    ])
    func refusesRowsTheDomainForbids(sql: String) throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bindings: [String] = ["?1", "?2"].filter(sql.contains).map { $0 == "?1" ? alice.id : AuthenticationFixture.tokenHash(0xabcdef) }
        #expect {
            try db.write { try $0.execute(sql, bindings) }
        } throws: { error in
            guard let error = error as? SQLiteError else { return false }
            return error.isCheckViolation || error.isForeignKeyViolation
        }
    }

    @Test func deletingAUserDeletesEverythingTheyHeld() throws {
        let now = AuthenticationFixture.now
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        for user in [alice, bob] {
            try db.write { db in
                let seed = user.id == alice.id ? 1 : 2
                try CredentialStore(db).setPasswordHash(userID: user.id, hash: "$scrypt$h", now: now)
                _ = try SessionStore(db).create(
                    userID: user.id, tokenHash: AuthenticationFixture.tokenHash(seed), createdAt: now, lifetimeSeconds: 60, ip: "",
                    userAgent: "", authMethod: .password)
                _ = try MFAStore(db).addDevice(
                    userID: user.id, name: "Phone", sealedSecret: [1] + Array(repeating: 1, count: MFADevice.sealedSecretLength - 1),
                    now: now)
                try MFAStore(db).replaceRecoveryCodes(userID: user.id, hashes: [AuthenticationFixture.tokenHash(seed)])
                try PasswordResetStore(db).create(
                    tokenHash: AuthenticationFixture.tokenHash(seed), userID: user.id, createdAt: now, lifetimeSeconds: 60)
            }
        }
        try db.write { try UserStore($0).delete(id: alice.id) }
        let remaining: [Int] = try db.read { db in
            try ["user_credentials", "portal_sessions", "mfa_devices", "recovery_codes", "password_reset_tokens"].map { table in
                try db.scalar("SELECT count(*) FROM \(table)")
            }
        }
        #expect(remaining == [1, 1, 1, 1, 1])
        #expect(try db.read { try SessionStore($0).list(userID: bob.id, now: now) }.count == 1)
    }
}
