import CSQLite
import SQLite
import Testing

struct ConnectionTests {
    private let directory: TemporaryDirectory
    private let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.databasePath())
        try database.write { db in
            try db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        }
    }

    private func insertItems(_ names: [String]) throws {
        try database.write { db in
            for name in names { try db.execute("INSERT INTO items (name) VALUES (?)", [name]) }
        }
    }

    @Test func writerOpensInWALWithForeignKeysAndNormalSynchronous() throws {
        let (journalMode, foreignKeys, synchronous) = try database.write { db in
            (
                try db.scalar("PRAGMA journal_mode") as String, try db.scalar("PRAGMA foreign_keys") as Int,
                try db.scalar("PRAGMA synchronous") as Int
            )
        }
        #expect(journalMode == "wal")
        #expect(foreignKeys == 1)
        #expect(synchronous == 1)  // NORMAL
    }

    @Test func readersOpenInWALWithForeignKeys() throws {
        let (journalMode, foreignKeys) = try database.read { db in
            (try db.scalar("PRAGMA journal_mode") as String, try db.scalar("PRAGMA foreign_keys") as Int)
        }
        #expect(journalMode == "wal")
        #expect(foreignKeys == 1)
    }

    @Test func readersCannotWrite() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.read { db in try db.execute("INSERT INTO items (name) VALUES ('x')") }
        }
        #expect(error?.resultCode == SQLITE_READONLY)
    }

    @Test func lastInsertRowIDAndChangesDescribeTheLastStatement() throws {
        let (firstID, secondID, updated) = try database.write { db in
            try db.execute("INSERT INTO items (name) VALUES (?)", ["a"])
            let firstID = db.lastInsertRowID
            try db.execute("INSERT INTO items (name) VALUES (?)", ["b"])
            let secondID = db.lastInsertRowID
            try db.execute("UPDATE items SET name = upper(name)")
            return (firstID, secondID, db.changes)
        }
        #expect(firstID == 1)
        #expect(secondID == 2)
        #expect(updated == 2)
    }

    @Test func queryReturnsEveryRowInOrder() throws {
        try insertItems(["a", "b", "c"])
        let names = try database.read { db in
            try db.query("SELECT name FROM items WHERE id >= ? ORDER BY id", [2]).map { try $0["name"] as String }
        }
        #expect(names == ["b", "c"])
    }

    @Test func queryOneReturnsTheFirstRowOrNil() throws {
        try insertItems(["a", "b"])
        let (first, none) = try database.read { db in
            (
                try db.queryOne("SELECT name FROM items ORDER BY id"),
                try db.queryOne("SELECT name FROM items WHERE id = ?", [99])
            )
        }
        #expect(try first?["name"] as String? == "a")
        #expect(none == nil)
    }

    @Test func scalarReadsAMissingRowAsNull() throws {
        let (count, missing) = try database.read { db in
            (
                try db.scalar("SELECT count(*) FROM items") as Int,
                try db.scalar("SELECT name FROM items WHERE id = 1") as String?
            )
        }
        #expect(count == 0)
        #expect(missing == nil)
        #expect(throws: RowDecodingError.unexpectedNull(column: "name", expected: "String")) {
            try database.read { db in try db.scalar("SELECT name FROM items WHERE id = 1") as String }
        }
    }

    @Test func forEachRowStreamsRowsInOrder() throws {
        try insertItems(["a", "b", "c"])
        var seen: [String] = []
        try database.read { db in
            try db.forEachRow("SELECT name FROM items ORDER BY id") { row in seen.append(try row["name"]) }
        }
        #expect(seen == ["a", "b", "c"])
    }

    @Test func aRowCursorReadsColumnsInPlaceAndRefusesWrongTypes() throws {
        try insertItems(["first", "", "日本"])
        let rows = try database.read { db in
            var rows: [(Int, String, Bool, Bool, Int?)] = []
            try db.forEachRowCursor("SELECT id, name, NULL, id * 10 FROM items WHERE id >= ? ORDER BY id", [1]) { row in
                rows.append((try row.int(0), try row.text(1), try row.text(1, equals: "first"), row.isNull(2), try row.optionalInt(3)))
                #expect(try row.optionalInt(2) == nil)
                #expect(throws: RowDecodingError.typeMismatch(column: "name", expected: "Int", found: "TEXT")) { try row.int(1) }
                #expect(throws: RowDecodingError.unexpectedNull(column: "NULL", expected: "String")) { try row.text(2) }
                #expect(try row.withText(1) { $0.count } == row.text(1).utf8.count)
            }
            return rows
        }
        #expect(rows.map(\.0) == [1, 2, 3])
        #expect(rows.map(\.1) == ["first", "", "日本"])
        #expect(rows.map(\.2) == [true, false, false])
        #expect(rows.allSatisfy { $0.3 })
        #expect(rows.map(\.4) == [10, 20, 30])
    }

    @Test func forEachRowStopsWhenTheBodyThrowsAndTheStatementStaysUsable() throws {
        struct Stop: Error {}
        try insertItems(["a", "b", "c"])
        let (visited, afterwards) = try database.read { db in
            var visited = 0
            #expect(throws: Stop.self) {
                try db.forEachRow("SELECT name FROM items ORDER BY id") { _ in
                    visited += 1
                    throw Stop()
                }
            }
            return (visited, try db.query("SELECT name FROM items ORDER BY id").count)
        }
        #expect(visited == 1)
        #expect(afterwards == 3)
    }

    @Test func theSameSQLCanRunInsideItsOwnForEachRow() throws {
        try insertItems(["a", "b"])
        let pairs = try database.read { db in
            var pairs: [String] = []
            let sql = "SELECT name FROM items ORDER BY id"
            try db.forEachRow(sql) { outer in
                for inner in try db.query(sql) { pairs.append(try outer["name"] + (try inner["name"] as String)) }
            }
            return pairs
        }
        #expect(pairs == ["aa", "ab", "ba", "bb"])
    }

    @Test func executeScriptRunsEveryStatementInOrder() throws {
        try database.write { db in
            try db.executeScript(
                """
                -- two tables and a row
                CREATE TABLE a (id INTEGER PRIMARY KEY);
                CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a (id));
                INSERT INTO a (id) VALUES (1);
                INSERT INTO b (a_id) VALUES (1);
                /* trailing comment */

                """)
        }
        #expect(try database.read { try $0.scalar("SELECT count(*) FROM b") as Int } == 1)
    }

    @Test func executeScriptStopsAtTheFailingStatement() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.executeScript("INSERT INTO items (name) VALUES ('kept?'); INSERT INTO nowhere VALUES (1);")
            }
        }
        #expect(error?.message.contains("nowhere") == true)
        #expect(try database.read { try $0.scalar("SELECT count(*) FROM items") as Int } == 0)
    }

    @Test func executeRefusesSeveralStatements() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in try db.execute("DELETE FROM items; DROP TABLE items") }
        }
        #expect(error?.resultCode == SQLITE_MISUSE)
        #expect(
            try database.read { try $0.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'items'") as Int } == 1)
    }

    @Test func executeAcceptsATrailingComment() throws {
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES (?) -- one row", ["a"]) }
        #expect(try database.read { try $0.scalar("SELECT count(*) FROM items") as Int } == 1)
    }

    @Test func wrongNumberOfBindingsIsAnError() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in try db.execute("INSERT INTO items (id, name) VALUES (?, ?)", ["only one"]) }
        }
        #expect(error?.resultCode == SQLITE_RANGE)
    }

    @Test func repeatedSQLReusesOneCachedStatement() throws {
        let (before, after, total) = try database.write { db in
            let before = db.cachedStatementCount
            for index in 0..<1_000 { try db.execute("INSERT INTO items (name) VALUES (?)", ["item \(index)"]) }
            let total: Int = try db.scalar("SELECT count(*) FROM items")
            return (before, db.cachedStatementCount, total)
        }
        #expect(after == before + 2)  // the INSERT and the count
        #expect(total == 1_000)
    }

    @Test func statementCacheStaysWithinItsBound() throws {
        let (sums, cached) = try database.write { db in
            let sums = try (0..<300).map { index in try db.scalar("SELECT ? + \(index)", [1]) as Int }
            // Evicted statements prepare again on demand.
            let again = try db.scalar("SELECT ? + 0", [1]) as Int
            return (sums + [again], db.cachedStatementCount)
        }
        #expect(sums == Array(1...300) + [1])
        #expect(cached == 128)
    }

    @Test func dataVersionChangesOnlyWhenAnotherConnectionCommits() throws {
        let other = try Database(path: directory.databasePath())
        let initial = try database.write { try $0.dataVersion() }
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES ('own write')") }
        let afterOwnWrite = try database.write { try $0.dataVersion() }
        try other.write { db in try db.execute("INSERT INTO items (name) VALUES ('other write')") }
        let afterOtherWrite = try database.write { try $0.dataVersion() }
        #expect(afterOwnWrite == initial)
        #expect(afterOtherWrite != initial)
    }
}
