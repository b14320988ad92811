import CSQLite
import Synchronization

/// The store-level handle: one writer connection and a pool of reader connections on one file.
///
/// Connections are only reachable inside `write { }` and `read { }`, and each call is exactly one
/// transaction, so callers cannot forget to commit, leak a half-done transaction into the next request,
/// or interleave two writers. WAL lets the readers run beside the single writer, each on its own snapshot.
///
/// Writes in this process queue on a mutex; writes from other processes on the same file are waited
/// out by the busy handler, whose retries `busyRetryCount` reports.
package final class Database: Sendable {
    /// How long writes wait for the write lock, and how many may wait that long at once.
    package struct WritePatience: Hashable, Sendable {
        /// The longest a write waits for this process's other writers and other processes' locks together
        /// before it fails as busy (`SQLiteError.isBusy`), so a long writer elsewhere (a large `portico apply`)
        /// costs a request a bounded wait instead of minutes.
        package var wait: Duration
        /// How many writers may wait the full `wait` at once. Each waiting writer holds a thread; the rest
        /// wait only `briefWait`, so a stalled lock never ties up every worker and requests that only read
        /// keep being served.
        package var patientWriters: Int
        package var briefWait: Duration

        package init(wait: Duration = .seconds(5), patientWriters: Int = .max, briefWait: Duration = .milliseconds(200)) {
            precondition(patientWriters > 0, "at least one writer must be allowed to wait")
            self.wait = wait
            self.patientWriters = patientWriters
            self.briefWait = briefWait
        }
    }

    package let path: String
    package let writePatience: WritePatience
    private let busyHandler: BusyHandler
    /// The writer's own handler, whose timeout each write sets to what is left of its patience.
    private let writerBusyHandler: BusyHandler
    /// One permit: the writer connection. A semaphore rather than a mutex, because waiting for it must time out.
    private let writerLock = Semaphore(permits: 1)
    private let writer: ExclusiveConnection
    private let waitingWriters = Atomic<Int>(0)
    private let readers: ReaderPool

    /// Opens the database at `path`, creating the file if needed and switching it to WAL.
    ///
    /// The writer opens now, so a bad path or a locked-out file fails at startup; readers open when
    /// first needed, up to `maxReaders`. `busyTimeout` bounds how long one read statement waits for another
    /// process's lock before failing with `SQLiteError.isBusy`; writes wait as `writePatience` says.
    package init(
        path: String, maxReaders: Int = 8, busyTimeout: Duration = .seconds(5), writePatience: WritePatience = WritePatience()
    ) throws {
        let busyHandler = BusyHandler(timeout: busyTimeout)
        let writerBusyHandler = BusyHandler(timeout: writePatience.wait)
        self.path = path
        self.writePatience = writePatience
        self.busyHandler = busyHandler
        self.writerBusyHandler = writerBusyHandler
        self.writer = ExclusiveConnection(connection: try Connection(path: path, readOnly: false, busyHandler: writerBusyHandler))
        self.readers = ReaderPool(maximumCount: maxReaders) {
            ExclusiveConnection(connection: try Connection(path: path, readOnly: true, busyHandler: busyHandler))
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction on the writer: committed when `body` returns,
    /// rolled back (and the error rethrown) when it throws.
    ///
    /// Waits for the lock at most as `writePatience` allows, then throws a busy `SQLiteError` without
    /// running `body`. Not reentrant: a `write` inside `body` waits for itself and fails as busy.
    package func write<T>(_ body: (Connection) throws -> T) throws -> T {
        let start = ContinuousClock.now
        // A writer counts as waiting until its transaction has begun: queued here, or holding this
        // process's writer while another process holds the database's lock.
        let waiting = waitingWriters.add(1, ordering: .relaxed).newValue
        var stillWaiting = true
        defer { if stillWaiting { waitingWriters.subtract(1, ordering: .relaxed) } }
        let patience = waiting <= writePatience.patientWriters ? writePatience.wait : writePatience.briefWait
        guard writerLock.wait(timeout: patience) else { throw Self.busy(patience) }
        defer { writerLock.signal() }
        // What is left of the patience bounds the wait for other processes' locks (BEGIN IMMEDIATE).
        let left = patience - start.duration(to: .now)
        guard left > .zero else { throw Self.busy(patience) }
        writerBusyHandler.setTimeout(left)
        return try writer.connection.inTransaction(.immediate) { connection in
            stillWaiting = false
            waitingWriters.subtract(1, ordering: .relaxed)
            return try body(connection)
        }
    }

    /// Runs `body` as `write` does, with foreign-key enforcement off, for a migration that rebuilds a table
    /// others reference (SQLite's "making other kinds of table schema changes" procedure): dropping the old
    /// table must not cascade into its children. Before the commit every foreign key is checked, so the
    /// rebuild cannot leave a dangling reference; enforcement is back on afterwards, whatever happened.
    package func writeRebuildingTables<T>(_ body: (Connection) throws -> T) throws -> T {
        guard writerLock.wait(timeout: writePatience.wait) else { throw Self.busy(writePatience.wait) }
        defer { writerLock.signal() }
        writerBusyHandler.setTimeout(writePatience.wait)
        let connection = writer.connection
        // `foreign_keys` cannot change inside a transaction, so it goes off before BEGIN.
        try connection.execute("PRAGMA foreign_keys=OFF")
        defer { try? connection.execute("PRAGMA foreign_keys=ON") }
        return try connection.inTransaction(.immediate) { db in
            let result = try body(db)
            let dangling = try db.query("PRAGMA foreign_key_check")
            guard dangling.isEmpty else {
                throw SQLiteError(
                    extendedResultCode: SQLITE_CONSTRAINT | (3 << 8),  // SQLITE_CONSTRAINT_FOREIGNKEY, a macro Swift cannot import
                    message: "a table rebuild would leave \(dangling.count) rows referring to nothing", sql: nil)
            }
            return result
        }
    }

    private static func busy(_ patience: Duration) -> SQLiteError {
        SQLiteError(
            extendedResultCode: SQLITE_BUSY,
            message:
                "database is busy: no write lock within \(patience.components.seconds * 1000 + patience.components.attoseconds / 1_000_000_000_000_000) ms",
            sql: nil)
    }

    /// Runs `body` in one deferred transaction on a read-only connection, so every query in it sees
    /// the same snapshot: the database as of the first read, unaffected by later commits.
    ///
    /// A `read` nested in a `write` runs on another connection, so it does not see that write's
    /// uncommitted changes; query through the writer's connection instead.
    package func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try readers.withConnection { connection in
            try connection.inTransaction(.deferred, body)
        }
    }

    /// Copies the WAL into the database file on the writer, between this process's own writes; waits for
    /// the writer, and for what `mode` waits for, at most as long as a patient write would.
    package func checkpoint(_ mode: WALCheckpoint.Mode) throws -> WALCheckpoint {
        guard writerLock.wait(timeout: writePatience.wait) else { throw Self.busy(writePatience.wait) }
        defer { writerLock.signal() }
        writerBusyHandler.setTimeout(writePatience.wait)
        return try WALCheckpoint(mode, on: writer.connection)
    }

    /// How many times a connection of this database slept waiting for another connection's lock.
    package var busyRetryCount: Int { busyHandler.retryCount + writerBusyHandler.retryCount }

    /// The most reader connections this database opens.
    package var maxReaders: Int { readers.maximumCount }

    /// Reader connections opened and currently idle, for tests and diagnostics.
    package var idleReaderCount: Int { readers.idleCount }
}
