/// One result row: column names and values, detached from the statement that produced it.
///
/// Read columns by index or by name through a generic throwing subscript, so the type sits where
/// the value lands: `let email: String = try row["email"]`, `let note: String? = try row["note"]`.
/// Names match exactly first, then ASCII case-insensitively, as SQLite itself matches identifiers.
package struct Row: Hashable, Sendable {
    package let columnNames: [String]
    package let values: [DatabaseValue]

    package init(columnNames: [String], values: [DatabaseValue]) {
        precondition(columnNames.count == values.count, "a row needs one name per value")
        self.columnNames = columnNames
        self.values = values
    }

    package var count: Int { values.count }

    /// The value at a 0-based column index.
    package subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value {
        get throws {
            guard values.indices.contains(index) else {
                throw RowDecodingError.columnIndexOutOfRange(index, columnCount: values.count)
            }
            return try Self.decode(values[index], column: columnNames[index])
        }
    }

    /// The value of the named column.
    package subscript<Value: DatabaseValueConvertible>(_ name: String) -> Value {
        get throws {
            guard let index = index(ofColumn: name) else { throw RowDecodingError.columnNotFound(name) }
            return try Self.decode(values[index], column: columnNames[index])
        }
    }

    /// The index of the named column, or nil when the row has no such column.
    package func index(ofColumn name: String) -> Int? {
        if let exact = columnNames.firstIndex(of: name) { return exact }
        let folded = Self.asciiLowercased(name)
        return columnNames.firstIndex { Self.asciiLowercased($0) == folded }
    }

    static func decode<Value: DatabaseValueConvertible>(_ value: DatabaseValue, column: String) throws -> Value {
        if let decoded = Value.fromDatabaseValue(value) { return decoded }
        if case .null = value { throw RowDecodingError.unexpectedNull(column: column, expected: "\(Value.self)") }
        throw RowDecodingError.typeMismatch(column: column, expected: "\(Value.self)", found: value.storageClass)
    }

    private static func asciiLowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
