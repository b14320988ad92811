import CSQLite

/// The row a statement is on, read one column at a time and only inside `Connection.forEachRowCursor(_:_:body:)`.
///
/// `Row` copies every column into Swift values, which is right for most queries. A page that reads a
/// few hundred rows whose columns mostly repeat the row before (the same account on each of its roles)
/// can instead compare the stored bytes and build a `String` only for what changed. Non-copyable and
/// only ever borrowed, so it cannot outlive the step it describes.
package struct RowCursor: ~Copyable {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    package func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column as an integer; throws for any other storage class, NULL included.
    package func int(_ column: Int32) throws -> Int {
        guard sqlite3_column_type(handle, column) == SQLITE_INTEGER else { throw mismatch(column, expected: "Int") }
        return Int(sqlite3_column_int64(handle, column))
    }

    /// The column as an integer, nil when it is NULL.
    package func optionalInt(_ column: Int32) throws -> Int? {
        isNull(column) ? nil : try int(column)
    }

    /// The column as text; throws for any other storage class, NULL included.
    package func text(_ column: Int32) throws -> String {
        try withText(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the text column holds exactly the bytes of `string`, without building a `String`.
    package func text(_ column: Int32, equals string: String) throws -> Bool {
        try withText(column) { stored in
            var string = string
            return string.withUTF8 { $0.elementsEqual(stored) }
        }
    }

    /// Calls `body` with the text column's UTF-8 bytes, valid only during the call.
    package func withText<Result>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result {
        guard sqlite3_column_type(handle, column) == SQLITE_TEXT else { throw mismatch(column, expected: "String") }
        // Text first, then its length: the order sqlite3_column_bytes documents as safe.
        let text = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeBufferPointer(start: count == 0 ? nil : text, count: count))
    }

    private func mismatch(_ column: Int32, expected: String) -> RowDecodingError {
        let name = String(cString: sqlite3_column_name(handle, column))
        if sqlite3_column_type(handle, column) == SQLITE_NULL { return .unexpectedNull(column: name, expected: expected) }
        let found = ["INTEGER", "REAL", "TEXT", "BLOB", "NULL"][Int(sqlite3_column_type(handle, column)) - 1]
        return .typeMismatch(column: name, expected: expected, found: found)
    }
}
