import CSQLite

/// A failed SQLite call: result codes, SQLite's message and the SQL text.
///
/// The bound values are deliberately absent. Statements bind passwords, session tokens and SCIM
/// secrets, and errors end up in logs; the SQL text and the code are enough to find the cause.
package struct SQLiteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The primary result code, e.g. `SQLITE_CONSTRAINT`.
    package let resultCode: Int32
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`; equal to `resultCode` when SQLite gives no detail.
    package let extendedResultCode: Int32
    /// `sqlite3_errmsg` at the time of failure, or a description of the misuse this wrapper detected.
    package let message: String
    /// The statement that failed, when there was one.
    package let sql: String?

    package init(extendedResultCode: Int32, message: String, sql: String?) {
        self.resultCode = extendedResultCode & 0xFF
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// The error SQLite currently reports for a connection.
    init(connection: OpaquePointer, sql: String?) {
        self.init(
            extendedResultCode: sqlite3_extended_errcode(connection),
            message: String(cString: sqlite3_errmsg(connection)),
            sql: sql)
    }

    package var description: String {
        var text = "SQLite error \(resultCode)"
        if extendedResultCode != resultCode { text += " (extended \(extendedResultCode))" }
        text += ": \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }

    /// A `UNIQUE` or `PRIMARY KEY` constraint rejected the statement.
    package var isUniqueConstraintViolation: Bool {
        extendedResultCode == CSQLITE_CONSTRAINT_UNIQUE || extendedResultCode == CSQLITE_CONSTRAINT_PRIMARYKEY
    }

    package var isForeignKeyViolation: Bool { extendedResultCode == CSQLITE_CONSTRAINT_FOREIGNKEY }

    package var isCheckViolation: Bool { extendedResultCode == CSQLITE_CONSTRAINT_CHECK }

    package var isNotNullViolation: Bool { extendedResultCode == CSQLITE_CONSTRAINT_NOTNULL }

    /// Another connection held a lock for longer than the busy timeout (or the write's patience).
    package var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }

    /// The disk or the file system's quota is full (`SQLITE_FULL`).
    package var isDiskFull: Bool { resultCode == SQLITE_FULL }

    /// The storage itself failed: an I/O error, a read-only file or directory, a file that cannot be opened.
    package var isStorageFailure: Bool {
        [SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PROTOCOL, SQLITE_NOLFS].contains(resultCode)
    }
}
