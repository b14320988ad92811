import CSQLite
import Glibc

extension Connection {
    /// Copies this connection's database, as its open read transaction sees it, into the empty database
    /// file at `destination`, then takes the copy out of WAL mode so it is one self-contained file.
    ///
    /// Returns the number of pages copied.
    func backup(into destination: String) throws -> Int {
        var opened: OpaquePointer?
        // No SQLITE_OPEN_CREATE: the caller made the file, with the mode and the no-overwrite check it wanted.
        let code = sqlite3_open_v2(destination, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard let target = opened else {
            throw SQLiteError(extendedResultCode: code, message: "cannot open \(destination)", sql: nil)
        }
        defer { sqlite3_close_v2(target) }
        guard code == SQLITE_OK else { throw SQLiteError(connection: target, sql: nil) }
        guard let backup = sqlite3_backup_init(target, "main", handle, "main") else {
            throw SQLiteError(connection: target, sql: nil)
        }
        // One step for every page: the source's snapshot is pinned, so there is nothing to gain from
        // stopping halfway. Busy means another connection holds the new file; a short wait, then give up.
        var step: Int32
        var waits = 0
        repeat {
            step = sqlite3_backup_step(backup, -1)
            if step == SQLITE_BUSY || step == SQLITE_LOCKED {
                waits += 1
                usleep(10_000)
            }
        } while step == SQLITE_OK || ((step == SQLITE_BUSY || step == SQLITE_LOCKED) && waits < 100)
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finished = sqlite3_backup_finish(backup)
        guard step == SQLITE_DONE, finished == SQLITE_OK else {
            throw SQLiteError(
                extendedResultCode: step == SQLITE_DONE ? finished : step, message: String(cString: sqlite3_errmsg(target)), sql: nil)
        }
        // The copy carries the source's WAL flag; in rollback mode it needs no -wal or -shm to be opened.
        let sql = "PRAGMA journal_mode=DELETE"
        guard sqlite3_exec(target, sql, nil, nil, nil) == SQLITE_OK else { throw SQLiteError(connection: target, sql: sql) }
        return pages
    }
}
