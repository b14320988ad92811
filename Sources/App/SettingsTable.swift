import SQLite

/// The `settings` key/value table, inside the caller's transaction.
///
/// Lives in App until a settings store exists; the keys are the directory file's (`portal_session_duration`, `mfa`).
struct SettingsTable {
    private let db: Connection

    init(_ db: Connection) { self.db = db }

    func value(_ key: String) throws -> String? {
        try db.queryOne("SELECT value FROM settings WHERE key = ?", [key]).map { try $0["value"] }
    }

    func set(_ key: String, to value: String, time: String) throws {
        try db.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [key, value, time])
    }
}
