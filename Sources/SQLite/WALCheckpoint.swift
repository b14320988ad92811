import CSQLite

/// One `PRAGMA wal_checkpoint`: how many frames the write-ahead log held and how many reached the database file.
///
/// Commits land in the `-wal` file; only a checkpoint copies them into the database file itself. SQLite
/// checkpoints on its own once the WAL passes 1,000 pages, but never empties the file, and a process that
/// exits without closing its connections leaves everything since the last checkpoint in the WAL, where a
/// copy of the database file alone would miss it.
package struct WALCheckpoint: Equatable, Sendable {
    package enum Mode: String, Sendable {
        /// Copies what it can without waiting for readers or writers: cheap enough for a running server.
        case passive = "PASSIVE"
        /// Copies everything, waiting (up to the busy timeout) for writers and readers of the WAL, then cuts
        /// the file to zero bytes: for a stop, or a quiet moment.
        case truncate = "TRUNCATE"
    }

    /// False when a reader or writer kept the checkpoint from finishing.
    package let isComplete: Bool
    /// Frames in the WAL (0 after a truncation).
    package let frames: Int
    /// Frames already copied into the database file.
    package let checkpointedFrames: Int

    /// Runs the checkpoint on `connection`, which must not be inside a transaction.
    init(_ mode: Mode, on connection: Connection) throws {
        // The mode is one of the enum's constants, never a value from outside.
        let row = try connection.queryOne("PRAGMA wal_checkpoint(\(mode.rawValue))")
        guard let row else {
            throw SQLiteError(extendedResultCode: SQLITE_ERROR, message: "wal_checkpoint returned no row", sql: "PRAGMA wal_checkpoint")
        }
        let busy: Int = try row[0]
        isComplete = busy == 0
        frames = try row[1]
        checkpointedFrames = try row[2]
    }
}
