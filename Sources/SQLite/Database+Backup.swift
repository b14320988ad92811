extension Database {
    /// Writes the database, as of one moment, into `destination`: an existing empty file, so the caller
    /// decides its mode and that nothing is overwritten. Returns the number of pages copied.
    ///
    /// SQLite's online backup API copies the pages inside one read transaction on a reader. In WAL mode a
    /// reader never blocks the writer, so the server goes on serving and writing; and the transaction pins
    /// the snapshot, so the commits made meanwhile, by this process or another, neither enter the copy nor
    /// restart it (a backup stepped in chunks without it starts over after every commit elsewhere). The WAL
    /// cannot be checkpointed past that snapshot until the copy is done.
    package func backup(into destination: String) throws -> Int {
        try read { connection in
            // The first read takes the snapshot the whole copy comes from.
            let _: Int = try connection.scalar("SELECT count(*) FROM sqlite_master")
            return try connection.backup(into: destination)
        }
    }

    /// What `PRAGMA integrity_check` says of the database file at `path`, read-only: `["ok"]` when sound.
    package static func integrityCheck(path: String) throws -> [String] {
        let connection = try Connection(path: path, readOnly: true, busyHandler: BusyHandler(timeout: .seconds(5)))
        return try connection.query("PRAGMA integrity_check").map { try $0[0] }
    }
}
