import Foundation
import SQLite
import Storage
import Testing

struct SchemaTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("portico-schema-\(UUID().uuidString).sqlite3").path
    }

    @Test func migratesAnEmptyFileAndIsIdempotent() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Schema.openAndMigrate(path: path)
        let applied = try Schema.migrator.appliedMigrations(database)
        #expect(
            applied == [
                "0001_settings", "0002_audit_events", "0003_directory", "0004_authentication", "0006_audit_indexes", "0007_portal",
                "0008_portal_personal_generation", "0009_authentication_hardening", "0010_directory_generation",
                "0011_health_probe", "0012_scim_tokens", "0013_scim_directory",
                "0014_identity_providers", "0015_jump_accounts", "0016_cli_sign_in", "0017_aws_provisioning",
                "0018_webauthn", "0019_owner_bounds", "0020_key_reset_links", "0021_federated_security_keys",
            ])
        // A second start finds nothing to do.
        let reopened = try Schema.openAndMigrate(path: path)
        #expect(try Schema.migrator.appliedMigrations(reopened) == applied)
    }

    /// 0013 rebuilds `users`, which nearly every table references: rows, children, indexes and triggers must
    /// all come through, and afterwards the relaxed check lets a provisioned user's name be any word.
    @Test func rebuildingUsersKeepsTheirRowsChildrenAndTriggers() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try Database(path: path)
        try Schema.migrator.prefix(through: "0012_scim_tokens").migrate(old)
        let alice = "11111111-1111-4111-8111-111111111111"
        let group = "22222222-2222-4222-8222-222222222222"
        try old.write { db in
            try db.execute(
                "INSERT INTO users (id, email, display_name, attributes) VALUES (?, 'alice@example.com', 'Alice', '{\"team\":\"a\"}')",
                [alice])
            try db.execute("INSERT INTO groups (id, name) VALUES (?, 'admins')", [group])
            try db.execute("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", [group, alice])
            try db.execute(
                "INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method) VALUES (?, ?, 1, 99, 1, 'password')",
                [String(repeating: "a", count: 64), alice])
        }
        let generation: Int = try old.read { try $0.scalar("SELECT value FROM portal_generation") }

        let database = try Schema.openAndMigrate(path: path)
        func value<T: DatabaseValueConvertible>(_ sql: String, _ bindings: [String] = [], as type: T.Type) throws -> T {
            try database.read { db in try db.scalar(sql, bindings, as: type) }
        }
        #expect(try value("SELECT email FROM users WHERE id = ?", [alice], as: String.self) == "alice@example.com")
        #expect(try value("SELECT attributes FROM users WHERE id = ?", [alice], as: String.self) == "{\"team\":\"a\"}")
        #expect(try value("SELECT count(*) FROM group_members", as: Int.self) == 1)
        #expect(try value("SELECT count(*) FROM portal_sessions", as: Int.self) == 1)
        // The portal's generation trigger on users came through the rebuild, and so did the cascades.
        try database.write { db in try db.execute("UPDATE users SET display_name = 'Alice A' WHERE id = ?", [alice]) }
        #expect(try value("SELECT value FROM portal_generation", as: Int.self) > generation)
        #expect(try value("SELECT revision FROM users WHERE id = ?", [alice], as: Int.self) == 2)
        try database.write { db in try db.execute("DELETE FROM users WHERE id = ?", [alice]) }
        #expect(try value("SELECT count(*) FROM group_members", as: Int.self) == 0)
        #expect(try value("SELECT count(*) FROM portal_sessions", as: Int.self) == 0)
        // A provisioned user may be called anything; Portico's own users still need an address.
        try database.write { db in
            try db.execute("INSERT INTO users (id, email, display_name, source) VALUES (?, 'jdoe', 'J', 'scim')", [alice])
        }
        #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO users (id, email, display_name) VALUES (?, 'jdoe2', 'J')", [group])
            }
        }
    }

    /// 0018 and 0021 rebuild `portal_sessions` (and the two CLI tables) to allow the WebAuthn sign-in methods: rows,
    /// the refresh tokens that cascade from sessions, and the indexes must all come through.
    @Test func wideningTheSignInMethodsKeepsSessionsAndTheirChildren() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try Database(path: path)
        try Schema.migrator.prefix(through: "0017_aws_provisioning").migrate(old)
        let alice = "11111111-1111-4111-8111-111111111111"
        try old.write { db in
            try db.execute("INSERT INTO users (id, email, display_name) VALUES (?, 'alice@example.com', 'Alice')", [alice])
            try db.execute(
                """
                INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method, verified_at)
                VALUES (?, ?, 1, 99, 1, 'password+totp', 1)
                """, [String(repeating: "a", count: 64), alice])
            try db.execute(
                "INSERT INTO cli_refresh_tokens (token_hash, session_id, created_at) VALUES (?, 1, 1)", [String(repeating: "b", count: 64)])
        }
        #expect(throws: SQLiteError.self) {
            try old.write { db in try db.execute("UPDATE portal_sessions SET auth_method = 'passkey'") }
        }
        let indexesBefore: [String] = try old.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'portal_sessions' ORDER BY name").map {
                try $0[0]
            }
        }

        let database = try Schema.openAndMigrate(path: path)
        func count(_ sql: String) throws -> Int { try database.read { try $0.scalar(sql) } }
        #expect(try count("SELECT count(*) FROM portal_sessions WHERE auth_method = 'password+totp' AND verified_at = 1") == 1)
        try database.write { db in try db.execute("UPDATE portal_sessions SET auth_method = 'passkey'") }
        #expect(try count("SELECT count(*) FROM portal_sessions WHERE auth_method = 'passkey'") == 1)
        // 0021 rebuilds the same tables again (their SQL now names them in quotes) for an identity provider's
        // sign-in completed with a key; anything else is still refused.
        try database.write { db in try db.execute("UPDATE portal_sessions SET auth_method = 'saml+webauthn'") }
        #expect(throws: SQLiteError.self) {
            try database.write { db in try db.execute("UPDATE portal_sessions SET auth_method = 'saml+totp'") }
        }
        let indexesAfter: [String] = try database.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'portal_sessions' ORDER BY name").map {
                try $0[0]
            }
        }
        #expect(indexesAfter == indexesBefore)
        #expect(try count("SELECT count(*) FROM cli_refresh_tokens") == 1)
        try database.write { db in try db.execute("DELETE FROM portal_sessions") }
        #expect(try count("SELECT count(*) FROM cli_refresh_tokens") == 0)
        #expect(try database.read { try $0.query("PRAGMA foreign_key_check").count } == 0)
    }

    @Test func auditEventsAreAppendOnly() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Schema.openAndMigrate(path: path)
        try database.write { db in
            try db.execute(
                "INSERT INTO audit_events (time, actor, action, outcome) VALUES (?, ?, ?, ?)",
                ["2026-11-22T00:00:00Z", "admin", "settings.update", "success"])
        }
        #expect(throws: SQLiteError.self) { try database.write { db in try db.execute("UPDATE audit_events SET actor = 'someone else'") } }
        #expect(throws: SQLiteError.self) { try database.write { db in try db.execute("DELETE FROM audit_events") } }
        #expect(try database.read { db in try db.scalar("SELECT actor FROM audit_events", as: String.self) } == "admin")
    }

    /// Each probe changes the row, so it is a real write even when the time is the same.
    @Test func healthProbeCountsEveryProbe() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Schema.openAndMigrate(path: path)
        #expect(try database.read { try HealthProbeStore($0).last() } == nil)
        try database.write { try HealthProbeStore($0).record(now: 1_000) }
        try database.write { try HealthProbeStore($0).record(now: 1_000) }
        let last = try #require(try database.read { try HealthProbeStore($0).last() })
        #expect(last.probes == 2 && last.probedAt == 1_000)
        let rows: Int = try database.read { try $0.scalar("SELECT count(*) FROM health_probe") }
        #expect(rows == 1)
    }

    @Test func schemaRefusesInvalidRows() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Schema.openAndMigrate(path: path)
        #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO audit_events (time, actor, action, outcome) VALUES ('t', 'a', 'b', 'maybe')")
            }
        }
        #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute(
                    "INSERT INTO audit_events (time, actor, action, outcome, details) VALUES ('t', 'a', 'b', 'success', 'not json')")
            }
        }
        #expect(throws: SQLiteError.self) {
            try database.write { db in try db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('', 'v', 't')") }
        }
    }
}
