import SQLite
import Testing

struct MigratorTests {
    private let directory: TemporaryDirectory
    private let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.databasePath())
    }

    /// Each step depends on the one before, and none can run twice (plain CREATE TABLE fails the second time).
    private var baseMigrator: Migrator {
        var migrator = Migrator()
        migrator.register("0001_create_users") { db in
            try db.executeScript("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);")
        }
        migrator.register("0002_create_sessions") { db in
            try db.executeScript(
                """
                CREATE TABLE sessions (
                    token TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE
                );
                """)
        }
        migrator.register("0003_add_display_name") { db in
            try db.executeScript("ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';")
        }
        return migrator
    }

    private func tableExists(_ name: String) throws -> Bool {
        try database.read { db in try db.scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?)", [name]) }
    }

    @Test func freshDatabaseHasNoAppliedMigrations() throws {
        #expect(try baseMigrator.appliedMigrations(database) == [])
    }

    @Test func appliesMigrationsInRegistrationOrderAndRecordsThem() throws {
        try baseMigrator.migrate(database)
        #expect(
            try baseMigrator.appliedMigrations(database) == [
                "0001_create_users", "0002_create_sessions", "0003_add_display_name",
            ])
        let appliedAt: [String] = try database.read { db in
            try db.query("SELECT applied_at FROM schema_migrations").map { try $0["applied_at"] }
        }
        #expect(appliedAt.allSatisfy { $0.hasSuffix("Z") && $0.count == 24 })
        try database.write { db in
            try db.execute("INSERT INTO users (email, display_name) VALUES (?, ?)", ["a@example.com", "Ada"])
        }
    }

    @Test func secondRunAppliesNothing() throws {
        try baseMigrator.migrate(database)
        try baseMigrator.migrate(database)
        #expect(try baseMigrator.appliedMigrations(database).count == 3)
    }

    @Test func laterRunAppliesOnlyNewMigrations() throws {
        var first = Migrator()
        first.register("0001_create_users") { db in try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        try first.migrate(database)

        var second = first
        second.register("0002_create_groups") { db in try db.execute("CREATE TABLE groups (id INTEGER PRIMARY KEY)") }
        try second.migrate(database)
        #expect(try second.appliedMigrations(database) == ["0001_create_users", "0002_create_groups"])
    }

    /// Branches number their migrations independently: a database that ran `0007` before `0005` was
    /// merged in gets `0005` at the next start, and gaps in the numbering mean nothing.
    @Test func namesAreIdentitiesNotASequence() throws {
        var branch = Migrator()
        branch.register("0001_create_users") { db in try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        branch.register("0007_create_favorites") { db in try db.execute("CREATE TABLE favorites (id INTEGER PRIMARY KEY)") }
        try branch.migrate(database)

        var merged = Migrator()
        merged.register("0001_create_users") { db in try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        merged.register("0005_create_groups") { db in try db.execute("CREATE TABLE groups (id INTEGER PRIMARY KEY)") }
        merged.register("0007_create_favorites") { db in try db.execute("CREATE TABLE favorites (id INTEGER PRIMARY KEY)") }
        try merged.migrate(database)
        #expect(try merged.appliedMigrations(database) == ["0001_create_users", "0007_create_favorites", "0005_create_groups"])
        #expect(try tableExists("groups") && tableExists("favorites"))
    }

    @Test func failingMigrationRollsBackAloneAndNamesItself() throws {
        struct Boom: Error {}
        var migrator = Migrator()
        migrator.register("0001_create_users") { db in try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        migrator.register("0002_half_done") { db in
            try db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
            throw Boom()
        }
        migrator.register("0003_never_reached") { db in try db.execute("CREATE TABLE never_reached (id INTEGER)") }

        let error = #expect(throws: MigrationError.self) { try migrator.migrate(database) }
        guard case .migrationFailed(let name, let underlying) = error else {
            Issue.record("expected migrationFailed, got \(String(describing: error))")
            return
        }
        #expect(name == "0002_half_done")
        #expect(underlying is Boom)
        #expect(error?.description.contains("0002_half_done") == true)
        #expect(try migrator.appliedMigrations(database) == ["0001_create_users"])
        #expect(try tableExists("users"))
        #expect(try !tableExists("half_done"))
        #expect(try !tableExists("never_reached"))
    }

    @Test func failingSQLInAMigrationIsReportedWithItsName() throws {
        var migrator = Migrator()
        migrator.register("0001_broken") { db in try db.executeScript("CREATE TABLE ok (id INTEGER); CREATE TABLE;") }
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(database) }
        guard case .migrationFailed("0001_broken", let underlying) = error else {
            Issue.record("expected migrationFailed for 0001_broken, got \(String(describing: error))")
            return
        }
        #expect(underlying is SQLiteError)
        #expect(try !tableExists("ok"))
    }

    @Test func refusesADatabaseMigratedByANewerBuild() throws {
        try baseMigrator.migrate(database)
        var older = Migrator()
        older.register("0001_create_users") { _ in }
        let error = #expect(throws: MigrationError.self) { try older.migrate(database) }
        guard case .unknownAppliedMigrations(let names) = error else {
            Issue.record("expected unknownAppliedMigrations, got \(String(describing: error))")
            return
        }
        #expect(names == ["0002_create_sessions", "0003_add_display_name"])
    }

    @Test func refusesDuplicateNamesBeforeTouchingTheDatabase() throws {
        var migrator = Migrator()
        migrator.register("0001_create_users") { db in try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        migrator.register("0001_create_users") { db in try db.execute("CREATE TABLE other (id INTEGER PRIMARY KEY)") }
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(database) }
        guard case .duplicateNames(let names) = error else {
            Issue.record("expected duplicateNames, got \(String(describing: error))")
            return
        }
        #expect(names == ["0001_create_users"])
        #expect(try !tableExists("users"))
        #expect(try !tableExists("schema_migrations"))
    }
}
