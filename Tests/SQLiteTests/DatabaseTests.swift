import CSQLite
import Glibc
import SQLite
import Synchronization
import Testing

struct DatabaseTests {
    private let directory: TemporaryDirectory
    private let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.databasePath())
        try database.write { db in
            try db.executeScript(
                """
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE counter (value INTEGER NOT NULL);
                INSERT INTO counter (value) VALUES (0);
                """)
        }
    }

    private func itemCount(in database: Database? = nil) throws -> Int {
        try (database ?? self.database).read { db in try db.scalar("SELECT count(*) FROM items") }
    }

    @Test func writeCommitsAndReturnsTheBodyResult() throws {
        let id = try database.write { db in
            try db.execute("INSERT INTO items (name) VALUES (?)", ["a"])
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try itemCount() == 1)
    }

    @Test func writeRunsInsideOneTransaction() throws {
        let inTransaction = try database.write { db in db.isInTransaction }
        #expect(inTransaction)
    }

    @Test func writeRollsBackAndRethrowsWhenTheBodyThrows() throws {
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try database.write { db in
                try db.execute("INSERT INTO items (name) VALUES (?)", ["a"])
                throw Abandon()
            }
        }
        #expect(try itemCount() == 0)
        // The writer is usable again, outside any leftover transaction.
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES (?)", ["b"]) }
        #expect(try itemCount() == 1)
    }

    @Test func failingStatementRollsBackEarlierStatementsOfTheSameWrite() throws {
        let error = #expect(throws: SQLiteError.self) {
            try database.write { db in
                try db.execute("INSERT INTO items (name) VALUES (?)", ["a"])
                try db.execute("INSERT INTO items (name) VALUES (?)", ["a"])
            }
        }
        #expect(error?.isUniqueConstraintViolation == true)
        #expect(try itemCount() == 0)
    }

    @Test func readReturnsItsConnectionToThePoolWhenTheBodyThrows() throws {
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try database.read { db in
                _ = try db.query("SELECT * FROM items")
                throw Abandon()
            }
        }
        #expect(database.idleReaderCount == 1)
        #expect(try itemCount() == 0)
        #expect(database.idleReaderCount == 1)
    }

    @Test func openingInAMissingDirectoryFailsWithCantOpen() {
        let error = #expect(throws: SQLiteError.self) {
            try Database(path: "\(directory.path)/missing/test.sqlite")
        }
        #expect(error?.resultCode == SQLITE_CANTOPEN)
    }

    @Test func readersSeeCommittedDataWithoutWaitingForAWriteInProgress() throws {
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES ('committed')") }
        let database = database
        let inserted = Latch()
        let finish = Latch()
        let writer = TestThread {
            try database.write { db in
                try db.execute("INSERT INTO items (name) VALUES ('pending')")
                inserted.open()
                finish.wait()
            }
        }
        #expect(inserted.wait())
        let during = try itemCount()
        finish.open()
        try writer.join()
        #expect(during == 1)
        #expect(try itemCount() == 2)
    }

    @Test func readKeepsOneSnapshotWhileAnotherThreadCommits() throws {
        let database = database
        let firstReadDone = Latch()
        let committed = Latch()
        let reader = TestThread {
            try database.read { db in
                let before: Int = try db.scalar("SELECT count(*) FROM items")
                firstReadDone.open()
                committed.wait()
                let after: Int = try db.scalar("SELECT count(*) FROM items")
                return (before, after)
            }
        }
        #expect(firstReadDone.wait())
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES ('new')") }
        committed.open()
        let (before, after) = try reader.join()
        #expect(before == 0)
        #expect(after == 0)
        #expect(try itemCount() == 1)
    }

    @Test func concurrentWritesFromSeveralThreadsAllLand() throws {
        let database = database
        let threads = (0..<4).map { thread in
            TestThread {
                for step in 0..<50 {
                    try database.write { db in
                        // Read-modify-write in Swift: any interleaving of writers would lose increments.
                        let value: Int = try db.scalar("SELECT value FROM counter")
                        try db.execute("UPDATE counter SET value = ?", [value + 1])
                        try db.execute("INSERT INTO items (name) VALUES (?)", ["\(thread)-\(step)"])
                    }
                }
            }
        }
        for thread in threads { try thread.join() }
        #expect(try database.read { try $0.scalar("SELECT value FROM counter") as Int } == 200)
        #expect(try itemCount() == 200)
    }

    @Test func readersBeyondTheMaximumWaitForAFreeConnection() throws {
        let pooled = try Database(path: directory.databasePath(), maxReaders: 2)
        let gauge = Gauge()
        let threads = (0..<6).map { _ in
            TestThread {
                try pooled.read { db in
                    gauge.enter()
                    defer { gauge.leave() }
                    usleep(20_000)
                    return try db.scalar("SELECT count(*) FROM items") as Int
                }
            }
        }
        let counts = try threads.map { try $0.join() }
        #expect(counts == Array(repeating: 0, count: 6))
        #expect(gauge.peak <= 2)
        #expect(pooled.idleReaderCount <= 2)
        #expect(pooled.maxReaders == 2)
    }

    @Test func busyRetriesAreCountedWhileAnotherDatabaseHoldsTheWriteLock() throws {
        let other = try Database(path: directory.databasePath())
        let holding = Latch()
        let holder = TestThread {
            try other.write { _ in
                holding.open()
                usleep(100_000)
            }
        }
        #expect(holding.wait())
        try database.write { db in try db.execute("INSERT INTO items (name) VALUES ('waited')") }
        try holder.join()
        #expect(database.busyRetryCount > 0)
        #expect(other.busyRetryCount == 0)
        #expect(try itemCount() == 1)
    }

    @Test func lockHeldPastTheBusyTimeoutSurfacesAsBusy() throws {
        let impatient = try Database(path: directory.databasePath(), busyTimeout: .milliseconds(30))
        let holding = Latch()
        let release = Latch()
        let database = database
        let holder = TestThread {
            try database.write { _ in
                holding.open()
                release.wait()
            }
        }
        #expect(holding.wait())
        let error = #expect(throws: SQLiteError.self) {
            try impatient.write { db in try db.execute("INSERT INTO items (name) VALUES ('never')") }
        }
        release.open()
        try holder.join()
        #expect(error?.isBusy == true)
        #expect(impatient.busyRetryCount > 0)
        #expect(try itemCount() == 0)
    }
}

/// Counts readers inside a pool at once and remembers the most seen.
private final class Gauge: Sendable {
    private let active = Atomic<Int>(0)
    private let highest = Atomic<Int>(0)

    var peak: Int { highest.load(ordering: .relaxed) }

    func enter() {
        let now = active.add(1, ordering: .relaxed).newValue
        highest.max(now, ordering: .relaxed)
    }

    func leave() {
        active.subtract(1, ordering: .relaxed)
    }
}
