/// One SQLite value, in one of the five storage classes SQLite itself knows.
///
/// Values travel as this enum between Swift and SQLite in both directions, so binding and reading
/// never go through strings: a blob with zero bytes stays a blob, and an `Int64` keeps all its bits.
package enum DatabaseValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The storage class name as SQLite spells it, for error messages that must not show the value itself.
    package var storageClass: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

extension DatabaseValue: ExpressibleByNilLiteral {
    package init(nilLiteral: ()) { self = .null }
}

extension DatabaseValue: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int64) { self = .integer(value) }
}

extension DatabaseValue: ExpressibleByFloatLiteral {
    package init(floatLiteral value: Double) { self = .real(value) }
}

extension DatabaseValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension DatabaseValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
}
