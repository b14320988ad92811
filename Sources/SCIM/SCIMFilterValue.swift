import JSON

/// The value a filter compares an attribute with: a JSON string, number, boolean or null (`compValue`).
package enum SCIMFilterValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    package var description: String {
        switch self {
        case .string(let text): JSONNode.string(text).text()
        case .number(let number) where number == number.rounded() && abs(number) < 9_007_199_254_740_992: String(Int64(number))
        case .number(let number): number.description
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// The value as JSON, for a value a PATCH filter describes.
    package var json: JSONNode {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let value): .bool(value)
        case .null: .null
        }
    }
}
