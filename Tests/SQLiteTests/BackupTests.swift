import Glibc
import SQLite
import Testing

/// A consistent copy of a database that another connection keeps writing to.
struct BackupTests {
    private func createEmptyFile(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        close(descriptor)
    }

    @Test func aCopyTakenDuringWritesHoldsEveryEarlierCommitAndPassesTheIntegrityCheck() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.databasePath())
        try database.write { db in
            try db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            // About 8 MiB, so the copy takes a while and the writes below land during it.
            for _ in 0..<2_000 { try db.execute("INSERT INTO items (payload) VALUES (randomblob(4000))") }
        }
        let before: Int = try database.read { try $0.scalar("SELECT max(id) FROM items") }

        // Another connection, as another process would be, keeps committing all along.
        let other = try Database(path: directory.databasePath())
        let done = Latch()
        let writer = TestThread<Int> {
            var commits = 0
            while !done.wait(milliseconds: 0) {
                try other.write { try $0.execute("INSERT INTO items (payload) VALUES (randomblob(100))") }
                commits += 1
            }
            return commits
        }
        let destination = directory.databasePath("copy.sqlite")
        createEmptyFile(destination)
        let pages = try database.backup(into: destination)
        done.open()
        #expect(try writer.join() > 0)

        #expect(pages > 2_000)
        #expect(try Database.integrityCheck(path: destination) == ["ok"])
        let copy = try Database(path: destination)
        let (count, last): (Int, Int) = try copy.read { db in
            (try db.scalar("SELECT count(*) FROM items"), try db.scalar("SELECT max(id) FROM items"))
        }
        #expect(last >= before)
        #expect(count == last, "no row missing below the newest one copied")
    }

    @Test func theCopyIsOneFileOutOfWALMode() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.databasePath())
        try database.write { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)") }
        let destination = directory.databasePath("copy.sqlite")
        createEmptyFile(destination)
        _ = try database.backup(into: destination)
        #expect(access(destination + "-wal", F_OK) != 0)
        #expect(access(destination + "-journal", F_OK) != 0)
        let header = try #require(fopen(destination, "rb"))
        defer { fclose(header) }
        var bytes = [UInt8](repeating: 0, count: 20)
        #expect(fread(&bytes, 1, 20, header) == 20)
        #expect(bytes[18] == 1 && bytes[19] == 1, "rollback journal, not WAL (2)")
    }

    @Test func aMissingDestinationIsNotCreated() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.databasePath())
        #expect(throws: SQLiteError.self) { _ = try database.backup(into: directory.databasePath("absent.sqlite")) }
        #expect(access(directory.databasePath("absent.sqlite"), F_OK) != 0)
    }
}
