/// A stored enum value the code does not know: the schema's `CHECK` and the enum disagree.
struct UnknownStoredValue: Error, CustomStringConvertible {
    let type: String
    let value: String

    var description: String { "unknown \(type) value \(value) in the database" }
}

/// The enum case stored as `text`.
func decode<Value: RawRepresentable<String>>(_ type: Value.Type, _ text: String) throws -> Value {
    guard let value = Value(rawValue: text) else { throw UnknownStoredValue(type: "\(Value.self)", value: text) }
    return value
}
