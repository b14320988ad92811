import CSQLite

/// One prepared `sqlite3_stmt`, finalized when released.
///
/// Statements belong to the connection that prepared them and are used by one caller at a time:
/// `isInUse` lets the connection notice a statement that is still being stepped (the same SQL run again
/// from inside a `forEachRow` body) and prepare a separate one instead of resetting it under the caller.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    let columnNames: [String]
    private let connection: OpaquePointer
    var isInUse = false

    /// Prepares the first statement of `sql`; the SQL after it must be empty or comments only.
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        var statement: OpaquePointer?
        var hasMoreSQL = false
        let code = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, start, -1, flags, &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0 {
                hasMoreSQL = Self.containsStatement(tail, connection: connection)
            }
            return code
        }
        guard code == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw SQLiteError(connection: connection, sql: sql)
        }
        guard let statement else {
            throw SQLiteError(extendedResultCode: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
        }
        guard !hasMoreSQL else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                extendedResultCode: SQLITE_MISUSE,
                message: "more than one statement; use executeScript for multi-statement SQL", sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.connection = connection
        self.columnNames = (0..<sqlite3_column_count(statement)).map {
            String(cString: sqlite3_column_name(statement, $0))
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds every parameter; the count must match so a forgotten argument is an error, not a silent NULL.
    func bind(_ values: [DatabaseValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                extendedResultCode: SQLITE_RANGE,
                message: "statement expects \(expected) bindings, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let code = bind(value, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw SQLiteError(connection: connection, sql: sql) }
        }
    }

    /// Advances to the next row; false once the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(connection: connection, sql: sql)
        }
    }

    /// The current row; valid only after `step()` returned true.
    func currentRow() -> Row {
        Row(columnNames: columnNames, values: (0..<Int32(columnNames.count)).map(columnValue(at:)))
    }

    /// Makes the statement ready for the next use and drops the bound values, so secrets are not kept alive.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func bind(_ value: DatabaseValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(var text):
            // A NULL pointer would bind SQL NULL, and an empty string's buffer may have no address.
            if text.isEmpty { return sqlite3_bind_text(handle, index, "", 0, csqlite_transient()) }
            return text.withUTF8 { bytes in
                sqlite3_bind_text64(
                    handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                    sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            // Same reason: an empty array has no address, and a NULL pointer would bind SQL NULL.
            if bytes.isEmpty { return sqlite3_bind_zeroblob(handle, index, 0) }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(
                    handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
            }
        }
    }

    private func columnValue(at index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // Text first, then its length: that order is what sqlite3_column_bytes documents as safe.
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// Whether SQL left after a statement holds another statement rather than whitespace or comments.
    private static func containsStatement(_ sql: UnsafePointer<CChar>, connection: OpaquePointer) -> Bool {
        var next: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, 0, &next, nil)
        sqlite3_finalize(next)
        return code != SQLITE_OK || next != nil
    }
}
