import Foundation
import SQLite
import Storage

/// A migrated database in a fresh temporary file, removed (with its WAL files) on deinit.
final class TestDatabase {
    let path: String
    let database: Database

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-directory-\(UUID().uuidString).sqlite3").path
        database = try Schema.openAndMigrate(path: path)
    }

    func write<T>(_ body: (Connection) throws -> T) throws -> T { try database.write(body) }
    func read<T>(_ body: (Connection) throws -> T) throws -> T { try database.read(body) }

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
