/// Why `CBORDecoder` refused its input, and the byte offset where it found out.
package struct CBORError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, each case a different way attacker-chosen bytes can be unfit.
    package enum Reason: Hashable, Sendable {
        /// The input ended inside an item.
        case truncated
        /// Bytes follow the one item `decode` reads.
        case trailingBytes(Int)
        /// Additional information 31 (indefinite length or "break"): CTAP2's canonical CBOR never uses it.
        case indefiniteLength
        /// Additional information 28, 29 or 30, which RFC 8949 reserves.
        case reservedAdditionalInformation(UInt8)
        /// A length field larger than what is left of the input (or than a container may hold).
        case lengthTooLarge(UInt64)
        /// Containers nested deeper than the limit.
        case tooDeep(Int)
        /// More items in the whole input than the limit.
        case tooManyItems(Int)
        /// An input longer than the limit.
        case inputTooLarge(Int)
        /// A map with the same key twice (RFC 8949 §5.6 makes it invalid, and two readers could pick different values).
        case duplicateMapKey
        /// A text string that is not valid UTF-8.
        case invalidUTF8
        /// A two-byte simple value under 32, which has a one-byte form (RFC 8949 §3.3).
        case invalidSimpleValue(UInt8)
    }

    package let reason: Reason
    /// Where the offending item (or the missing byte) starts in the input.
    package let offset: Int

    package init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    package var description: String {
        let what =
            switch reason {
            case .truncated: "the data ends in the middle of an item"
            case .trailingBytes(let count): "\(count) unexpected bytes follow the item"
            case .indefiniteLength: "indefinite-length items are not allowed"
            case .reservedAdditionalInformation(let value): "reserved additional information \(value)"
            case .lengthTooLarge(let length): "a length of \(length) is more than the data can hold"
            case .tooDeep(let limit): "items are nested more than \(limit) deep"
            case .tooManyItems(let limit): "more than \(limit) items"
            case .inputTooLarge(let limit): "the data is longer than \(limit) bytes"
            case .duplicateMapKey: "a map has the same key twice"
            case .invalidUTF8: "a text string is not valid UTF-8"
            case .invalidSimpleValue(let value): "simple value \(value) in its two-byte form"
            }
        return "CBOR: \(what) (byte \(offset))"
    }
}
