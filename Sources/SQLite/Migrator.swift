/// Named schema migrations, applied in registration order, each exactly once.
///
/// Each migration runs in its own write transaction together with the row recording it in
/// `schema_migrations`, so a crash or a failing migration never leaves a schema change without its
/// record or a record without its change; earlier migrations stay applied. Names are the identity:
/// never rename or edit a shipped migration, add a new one (the approach of GRDB's `DatabaseMigrator`).
///
/// ```swift
/// var migrator = Migrator()
/// migrator.register("0001_create_users") { db in
///     try db.executeScript("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
/// }
/// try migrator.migrate(database)
/// ```
package struct Migrator: Sendable {
    private var migrations: [(name: String, rebuildsTables: Bool, apply: @Sendable (Connection) throws -> Void)] = []
    private var duplicateNames: [String] = []

    package init() {}

    /// Adds a migration after those already registered.
    ///
    /// A name registered twice is reported by `migrate`, so registration reads as a plain list.
    /// `rebuildsTables` runs the migration with foreign-key enforcement off (see
    /// `Database.writeRebuildingTables`), for one that replaces a table other tables reference.
    package mutating func register(
        _ name: String, rebuildsTables: Bool = false, _ apply: @escaping @Sendable (Connection) throws -> Void
    ) {
        if migrations.contains(where: { $0.name == name }) { duplicateNames.append(name) }
        migrations.append((name, rebuildsTables, apply))
    }

    /// The migrations up to and including `name`: a database as an older build left it, for testing the
    /// migrations after it against real earlier data.
    package func prefix(through name: String) -> Migrator {
        var copy = self
        if let index = migrations.firstIndex(where: { $0.name == name }) { copy.migrations = Array(migrations[...index]) }
        return copy
    }

    /// Applies every registered migration not yet recorded in the database, in order.
    ///
    /// Refuses to run when the database records a migration this code does not know: it was migrated
    /// by a newer build, and running an older one against it could corrupt data.
    package func migrate(_ database: Database) throws {
        guard duplicateNames.isEmpty else { throw MigrationError.duplicateNames(duplicateNames) }
        try database.write { db in
            try db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        let applied = try appliedMigrations(database)
        let unknown = applied.filter { name in !migrations.contains { $0.name == name } }
        guard unknown.isEmpty else { throw MigrationError.unknownAppliedMigrations(unknown) }

        for migration in migrations where !applied.contains(migration.name) {
            do {
                let apply = { (db: Connection) throws -> Void in
                    // Another process may have applied it since `applied` was read.
                    let alreadyApplied: Bool = try db.scalar(
                        "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?)", [migration.name])
                    guard !alreadyApplied else { return }
                    try migration.apply(db)
                    try db.execute(
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        [migration.name])
                }
                if migration.rebuildsTables { try database.writeRebuildingTables(apply) } else { try database.write(apply) }
            } catch {
                throw MigrationError.migrationFailed(name: migration.name, underlying: error)
            }
        }
    }

    /// Names of the migrations recorded in the database, oldest first; empty before the first `migrate`.
    package func appliedMigrations(_ database: Database) throws -> [String] {
        try database.read { db in
            let hasTable: Bool = try db.scalar(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')")
            guard hasTable else { return [] }
            return try db.query("SELECT name FROM schema_migrations ORDER BY rowid").map { try $0[0] }
        }
    }
}
