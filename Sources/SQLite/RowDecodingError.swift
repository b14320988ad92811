/// A row could not give the value asked for.
///
/// Like `SQLiteError`, it names columns and storage classes but never shows the stored value,
/// which may be a password hash or a token.
package enum RowDecodingError: Error, Equatable, CustomStringConvertible {
    case columnNotFound(String)
    case columnIndexOutOfRange(Int, columnCount: Int)
    /// NULL read into a non-optional type.
    case unexpectedNull(column: String, expected: String)
    case typeMismatch(column: String, expected: String, found: String)

    package var description: String {
        switch self {
        case .columnNotFound(let name):
            "no column named \"\(name)\" in row"
        case .columnIndexOutOfRange(let index, let columnCount):
            "column index \(index) out of range for a row of \(columnCount) columns"
        case .unexpectedNull(let column, let expected):
            "column \"\(column)\" is NULL, expected \(expected)"
        case .typeMismatch(let column, let expected, let found):
            "column \"\(column)\" holds \(found), expected \(expected)"
        }
    }
}
