import Foundation
import Glibc
import SQLite
import Testing

/// Checkpoints move commits from the WAL into the database file, and the WAL does not keep the size of
/// the largest transaction it ever held.
struct WALCheckpointTests {
    private func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }

    @Test func truncateMovesEverythingIntoTheDatabaseFileAndEmptiesTheWAL() throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath()
        let database = try Database(path: path)
        try database.write { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)") }
        for index in 0..<50 {
            try database.write { try $0.execute("INSERT INTO items (name) VALUES (?)", ["item \(index)"]) }
        }
        #expect(size(path + "-wal") > 0)

        let passive = try database.checkpoint(.passive)
        #expect(passive.isComplete && passive.frames > 0 && passive.checkpointedFrames == passive.frames)
        let truncated = try database.checkpoint(.truncate)
        #expect(truncated.isComplete && truncated.frames == 0)
        #expect(size(path + "-wal") == 0)

        // The database file alone, without its WAL, now holds every row.
        let copy = directory.databasePath("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let alone = try Database(path: copy)
        #expect(try alone.read { try $0.scalar("SELECT count(*) FROM items") as Int } == 50)
    }

    @Test func theWALShrinksBackAfterALargeTransaction() throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath()
        let database = try Database(path: path)
        try database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
        // 24 MiB in one transaction: the WAL cannot be checkpointed until it commits.
        try database.write { db in
            for _ in 0..<24 { try db.execute("INSERT INTO blobs (data) VALUES (zeroblob(1048576))") }
        }
        #expect(size(path + "-wal") > 24 << 20)
        #expect(try database.checkpoint(.passive).isComplete)
        // The first commit after the checkpoint starts the WAL over and cuts the file back to the limit.
        try database.write { try $0.execute("INSERT INTO blobs (data) VALUES (x'00')") }
        #expect(size(path + "-wal") <= 16 << 20)
    }
}
