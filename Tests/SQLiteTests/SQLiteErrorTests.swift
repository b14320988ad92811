import CSQLite
import SQLite
import Testing

struct SQLiteErrorTests {
    private let directory: TemporaryDirectory
    private let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.databasePath())
        try database.write { db in
            try db.executeScript(
                """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL CHECK (length(password_hash) >= 8)
                );
                CREATE TABLE sessions (
                    token TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE
                );
                INSERT INTO users (email, password_hash) VALUES ('ada@example.com', 'scrypt$aaaaaaaa');
                """)
        }
    }

    @Test func uniqueViolationCarriesSQLAndCodesButNotTheBoundValues() throws {
        let secret = "scrypt$hunter2-do-not-log"
        let sql = "INSERT INTO users (email, password_hash) VALUES (?, ?)"
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in try db.execute(sql, ["ada@example.com", secret]) }
        }
        let failure = try #require(error)
        #expect(failure.isUniqueConstraintViolation)
        #expect(!failure.isForeignKeyViolation && !failure.isCheckViolation && !failure.isBusy)
        #expect(failure.resultCode == SQLITE_CONSTRAINT)
        #expect(failure.extendedResultCode == CSQLITE_CONSTRAINT_UNIQUE)
        #expect(failure.sql == sql)
        #expect(failure.description.contains(sql))
        #expect(failure.description.contains("users.email"))
        #expect(!failure.description.contains(secret))
        #expect(!failure.description.contains("ada@example.com"))
        #expect(!String(reflecting: failure).contains(secret))
    }

    @Test func primaryKeyViolationCountsAsUnique() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute(
                    "INSERT INTO users (id, email, password_hash) VALUES (1, ?, ?)",
                    ["b@example.com", "scrypt$bbbbbbbb"])
            }
        }
        #expect(error?.isUniqueConstraintViolation == true)
    }

    @Test func foreignKeyViolationIsRecognised() throws {
        let token = "session-token-secret"
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO sessions (token, user_id) VALUES (?, ?)", [token, 999])
            }
        }
        #expect(error?.isForeignKeyViolation == true)
        #expect(error?.description.contains(token) == false)
    }

    @Test func foreignKeyCascadeRuns() throws {
        let remaining = try database.write { db in
            try db.execute("INSERT INTO sessions (token, user_id) VALUES (?, 1)", ["t"])
            try db.execute("DELETE FROM users WHERE id = 1")
            return try db.scalar("SELECT count(*) FROM sessions") as Int
        }
        #expect(remaining == 0)
    }

    @Test func checkViolationIsRecognised() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", ["c@example.com", "short"])
            }
        }
        #expect(error?.isCheckViolation == true)
        #expect(error?.description.contains("short") == false)
    }

    @Test func notNullViolationIsRecognised() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", ["d@example.com", nil])
            }
        }
        #expect(error?.isNotNullViolation == true)
    }

    @Test func syntaxErrorCarriesSQLiteMessageAndTheSQL() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.read { db in try db.query("SELEKT 1") }
        }
        #expect(error?.resultCode == SQLITE_ERROR)
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.sql == "SELEKT 1")
    }
}
