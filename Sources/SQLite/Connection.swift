import CSQLite

/// One open `sqlite3` handle: statements, rows and transactions.
///
/// A connection is opened with `SQLITE_OPEN_NOMUTEX` because it is never used by two threads at once:
/// `Database` hands it to exactly one closure at a time, under the writer lock or checked out of the
/// reader pool, so SQLite's per-connection mutex would only add cost. For the same reason the type is
/// not `Sendable`: the compiler keeps it from escaping into another task from inside those closures.
///
/// Every value reaches SQLite through `sqlite3_bind_*`; SQL text is never built from values.
package final class Connection {
    /// Internal for the backup API, which pairs two handles.
    let handle: OpaquePointer
    private var statements: StatementCache
    /// Retained because SQLite holds an unretained pointer to it for the lifetime of `handle`.
    private let busyHandler: BusyHandler

    /// What the WAL is cut back to after a checkpoint: 16 MiB, four times what SQLite lets it reach before it
    /// checkpoints on its own, so ordinary traffic never pays for regrowing it.
    static let walSizeLimit = 16 << 20

    /// Opens (creating if missing, unless `readOnly`) the database file at `path`.
    ///
    /// The writer switches the file to WAL, which persists in the file, so readers can run beside
    /// the writer; `synchronous=NORMAL` is the durable-enough setting WAL is designed for (a power
    /// loss may drop the last commits, never corrupt). Read-only connections skip both and cannot
    /// write even if a `read` closure tries to.
    init(path: String, readOnly: Bool, busyHandler: BusyHandler, statementCacheCapacity: Int = 128) throws {
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard let opened else {
            throw SQLiteError(extendedResultCode: code, message: "cannot open database at \(path)", sql: nil)
        }
        guard code == SQLITE_OK else {
            let error = SQLiteError(connection: opened, sql: nil)
            sqlite3_close_v2(opened)
            throw error
        }
        self.handle = opened
        self.statements = StatementCache(capacity: statementCacheCapacity)
        self.busyHandler = busyHandler
        // Before any pragma: switching to WAL takes a lock another process may hold.
        busyHandler.install(on: opened)
        if !readOnly {
            let journalMode: String? = try scalar("PRAGMA journal_mode=WAL")
            guard journalMode == "wal" else {
                throw SQLiteError(
                    extendedResultCode: SQLITE_ERROR,
                    message: "journal_mode is \(journalMode ?? "unknown"), WAL is required",
                    sql: "PRAGMA journal_mode=WAL")
            }
            try execute("PRAGMA synchronous=NORMAL")
            // A large transaction (an apply of 100,000 assignments) outgrows SQLite's default 2 MiB cache;
            // every page it then spills to the WAL and reads back is time the write lock stays held. Pages
            // are allocated only as a transaction needs them, so an idle server pays nothing for this.
            try execute("PRAGMA cache_size=-131072")
            // SQLite reuses the WAL from its start after a checkpoint but never shrinks it: one large `apply`
            // would leave it hundreds of MB for good. With a limit, the first commit after a reset cuts it back.
            try execute("PRAGMA journal_size_limit=\(Self.walSizeLimit)")
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit {
        // Statements first: sqlite3_close_v2 would otherwise keep the handle alive as a zombie.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: Statements

    /// Runs one statement, discarding any rows it returns.
    package func execute(_ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = []) throws {
        try withStatement(sql, bindings) { statement in
            while try statement.step() {}
        }
    }

    /// Runs one query and collects every row.
    package func query(_ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = []) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, bindings) { rows.append($0) }
        return rows
    }

    /// Runs one query and hands each row to `body` as it is stepped, without collecting them.
    package func forEachRow(
        _ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = [], body: (Row) throws -> Void
    ) throws {
        try withStatement(sql, bindings) { statement in
            while try statement.step() {
                try body(statement.currentRow())
            }
        }
    }

    /// Runs one query and hands `body` a cursor on each row as it is stepped, for reading columns
    /// selectively (see `RowCursor`).
    package func forEachRowCursor(
        _ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = [], body: (borrowing RowCursor) throws -> Void
    ) throws {
        try withStatement(sql, bindings) { statement in
            while try statement.step() {
                let cursor = RowCursor(handle: statement.handle)
                try body(cursor)
            }
        }
    }

    /// The first row of a query, or nil when it returns none; later rows are not stepped.
    package func queryOne(_ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = []) throws -> Row? {
        try withStatement(sql, bindings) { statement in
            try statement.step() ? statement.currentRow() : nil
        }
    }

    /// The first column of the first row, e.g. `let count: Int = try db.scalar("SELECT count(*) FROM users")`.
    ///
    /// A query without rows reads as NULL: nil for an optional type, `RowDecodingError.unexpectedNull` otherwise.
    package func scalar<Value: DatabaseValueConvertible>(
        _ sql: String, _ bindings: [(any DatabaseValueConvertible)?] = [], as type: Value.Type = Value.self
    ) throws -> Value {
        try withStatement(sql, bindings) { statement in
            guard let column = statement.columnNames.first else {
                throw SQLiteError(extendedResultCode: SQLITE_MISUSE, message: "statement returns no columns", sql: sql)
            }
            let value = try statement.step() ? statement.currentRow().values[0] : .null
            return try Row.decode(value, column: column)
        }
    }

    /// Runs SQL holding several statements (a migration), in order, without bindings and without caching.
    package func executeScript(_ sql: String) throws {
        try sql.withCString { start in
            var remaining: UnsafePointer<CChar>? = start
            while let current = remaining, current.pointee != 0 {
                var prepared: OpaquePointer?
                guard sqlite3_prepare_v2(handle, current, -1, &prepared, &remaining) == SQLITE_OK else {
                    throw SQLiteError(connection: handle, sql: sql)
                }
                // Whitespace or a trailing comment prepares to no statement at all.
                guard let prepared else { continue }
                defer { sqlite3_finalize(prepared) }
                var code: Int32
                repeat { code = sqlite3_step(prepared) } while code == SQLITE_ROW
                guard code == SQLITE_DONE else { throw SQLiteError(connection: handle, sql: sql) }
            }
        }
    }

    // MARK: State

    /// The rowid of the last successful `INSERT` on this connection.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE` on this connection.
    package var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open on this connection.
    package var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// A number that changes whenever another connection (in this process or another) commits.
    ///
    /// Commits made through this connection leave it unchanged. Comparing two readings taken on the same
    /// connection is a cheap way for a cache to notice writes it did not make itself.
    package func dataVersion() throws -> Int64 {
        try scalar("PRAGMA data_version")
    }

    /// How many prepared statements the cache currently holds.
    package var cachedStatementCount: Int { statements.count }

    // MARK: Transactions

    /// How a transaction takes its locks.
    enum TransactionKind: String {
        /// Takes the snapshot at the first read; for read-only work.
        case deferred = "DEFERRED"
        /// Takes the write lock at `BEGIN`, so waiting happens there, under the busy handler,
        /// and never as a `SQLITE_BUSY` when a read transaction tries to upgrade halfway through.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it or the commit throws.
    func inTransaction<T>(_ kind: TransactionKind, _ body: (Connection) throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body(self)
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackIfNeeded()
            throw error
        }
        return result
    }

    /// Rolls back an open transaction; SQLite may already have rolled back on its own after some errors.
    func rollbackIfNeeded() {
        guard isInTransaction else { return }
        _ = try? execute("ROLLBACK TRANSACTION")
    }

    // MARK: Private

    /// Runs `body` on a bound statement for `sql`, then resets it for the next caller.
    private func withStatement<T>(
        _ sql: String, _ bindings: [(any DatabaseValueConvertible)?], _ body: (Statement) throws -> T
    ) throws -> T {
        let statement = try checkOutStatement(sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }
        try statement.bind(bindings.map { $0?.databaseValue ?? .null })
        return try body(statement)
    }

    /// The cached statement for `sql`, or a new one; a separate uncached one while the cached one is busy.
    private func checkOutStatement(_ sql: String) throws -> Statement {
        if let cached = statements.statement(for: sql) {
            if !cached.isInUse { return cached }
            return try Statement(connection: handle, sql: sql, persistent: false)
        }
        let statement = try Statement(connection: handle, sql: sql, persistent: true)
        statements.insert(statement)
        return statement
    }
}
