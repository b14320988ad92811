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
    package let path: String
    private let busyHandler: BusyHandler
    private let writer: Mutex<ExclusiveConnection>
    private let readers: ReaderPool

    /// Opens the database at `path`, creating the file if needed and switching it to WAL.
    ///
    /// The writer opens now, so a bad path or a locked-out file fails at startup; readers open when
    /// first needed, up to `maxReaders`. `busyTimeout` bounds how long one statement waits for another
    /// process's lock before failing with `SQLiteError.isBusy`.
    package init(path: String, maxReaders: Int = 8, busyTimeout: Duration = .seconds(5)) throws {
        let busyHandler = BusyHandler(timeout: busyTimeout)
        self.path = path
        self.busyHandler = busyHandler
        self.writer = Mutex(
            ExclusiveConnection(connection: try Connection(path: path, readOnly: false, busyHandler: busyHandler)))
        self.readers = ReaderPool(maximumCount: maxReaders) {
            ExclusiveConnection(connection: try Connection(path: path, readOnly: true, busyHandler: busyHandler))
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction on the writer: committed when `body` returns,
    /// rolled back (and the error rethrown) when it throws.
    ///
    /// Not reentrant: calling `write` from inside `body` is a programming error, and the writer's
    /// mutex traps on it.
    package func write<T>(_ body: (Connection) throws -> T) throws -> T {
        // The result travels through a local rather than as withLock's return value: that one must be
        // `sending`, which a generic T produced by a caller's closure cannot promise.
        var outcome: Result<T, any Error>?
        writer.withLock { writer in
            outcome = Result { try writer.connection.inTransaction(.immediate, body) }
        }
        return try outcome!.get()
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

    /// How many times a connection of this database slept waiting for another connection's lock.
    package var busyRetryCount: Int { busyHandler.retryCount }

    /// The most reader connections this database opens.
    package var maxReaders: Int { readers.maximumCount }

    /// Reader connections opened and currently idle, for tests and diagnostics.
    package var idleReaderCount: Int { readers.idleCount }
}
