import FoundationEssentials

/// Any JSON value: the directory file is read through it with a path for every error and written back in
/// one format, and inline policies and machine bodies are checked with it.
///
/// Decoding straight into `Codable` structs would stop at the first problem and lose the path of the rest;
/// a tree lets `DirectoryFile.parse` report every wrong type and unknown key at once. Text is read by
/// `JSONSyntax.parse`, which refuses what `JSONDecoder` lets through (a repeated key, a lone surrogate);
/// `Encodable` remains for the pretty text of `export`.
package enum JSONNode: Hashable, Sendable, Encodable {
    case object([String: JSONNode])
    case array([JSONNode])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let members): try container.encode(members)
        case .array(let elements): try container.encode(elements)
        case .string(let text): try container.encode(text)
        // Whole numbers are written without a fraction, as people write them in policies.
        case .number(let number) where number == number.rounded() && abs(number) < 9_007_199_254_740_992:
            try container.encode(Int64(number))
        case .number(let number): try container.encode(number)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// Parses `bytes` as one JSON value, strictly (see `JSONSyntax`).
    package static func parse(_ bytes: [UInt8]) throws(JSONSyntax.Invalid) -> JSONNode {
        try JSONSyntax.parse(bytes).get()
    }

    /// What kind of value this is, as `JSONSyntax.check` reports it.
    package var kind: JSONSyntax.Kind {
        switch self {
        case .object: .object
        case .array: .array
        case .string: .string
        case .number: .number
        case .bool: .boolean
        case .null: .null
        }
    }

    /// The value as JSON text with sorted keys, so equal values always give equal text.
    package func text(pretty: Bool = false) -> String {
        guard pretty else { return JSONTextWriter.text(self) }
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a tree of strings, numbers and containers cannot fail except on a non-finite number, which parsing never yields.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// An array of strings as a node.
    package static func strings(_ values: [String]) -> JSONNode { .array(values.map(JSONNode.string)) }

    /// A string map as a node.
    package static func strings(_ values: [String: String]) -> JSONNode { .object(values.mapValues(JSONNode.string)) }
}
