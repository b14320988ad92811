/// One CBOR data item (RFC 8949), as `CBORDecoder` reads it from a security key's messages.
///
/// Maps keep their entries in the order they arrived: WebAuthn's structures are small, the order is what the
/// authenticator sent, and a dictionary would need every key type to be hashable in the same way twice.
package indirect enum CBOR: Hashable, Sendable {
    case unsigned(UInt64)
    /// The integer -1 - n (major type 1), so the whole range down to -2^64 fits.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    case map([Entry])
    case tagged(UInt64, CBOR)
    case bool(Bool)
    case null
    case undefined
    case float(Double)
    /// A simple value other than false, true, null and undefined (RFC 8949 §3.3).
    case simple(UInt8)

    /// One key/value pair of a map.
    package struct Entry: Hashable, Sendable {
        package let key: CBOR
        package let value: CBOR

        package init(key: CBOR, value: CBOR) {
            self.key = key
            self.value = value
        }
    }

    /// The value under the integer key `key` when this is a map (COSE keys use integer labels).
    package subscript(intKey key: Int64) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key.intValue == key }?.value
    }

    /// The value under the text key `key` when this is a map (attestation objects use text keys).
    package subscript(textKey key: String) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key.textValue == key }?.value
    }

    /// The integer when this is one that fits in an `Int64`.
    package var intValue: Int64? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int64.max) ? Int64(value) : nil
        case .negative(let value): value <= UInt64(Int64.max) ? -1 - Int64(value) : nil
        default: nil
        }
    }

    package var bytesValue: [UInt8]? {
        guard case .bytes(let bytes) = self else { return nil }
        return bytes
    }

    package var textValue: String? {
        guard case .text(let text) = self else { return nil }
        return text
    }

    package var arrayValue: [CBOR]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    package var mapValue: [Entry]? {
        guard case .map(let entries) = self else { return nil }
        return entries
    }

    /// A short name of the value's kind, for messages ("a byte string").
    package var kindName: String {
        switch self {
        case .unsigned, .negative: "an integer"
        case .bytes: "a byte string"
        case .text: "a text string"
        case .array: "an array"
        case .map: "a map"
        case .tagged: "a tagged item"
        case .bool: "a boolean"
        case .null: "null"
        case .undefined: "undefined"
        case .float: "a float"
        case .simple: "a simple value"
        }
    }
}
