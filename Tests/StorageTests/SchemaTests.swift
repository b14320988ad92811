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
                "0011_health_probe", "0012_scim_tokens",
            ])
        // A second start finds nothing to do.
        let reopened = try Schema.openAndMigrate(path: path)
        #expect(try Schema.migrator.appliedMigrations(reopened) == applied)
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
