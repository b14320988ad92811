extension CBOR {
    /// The item in CTAP2 canonical form (shortest heads, definite lengths), map entries in their stored order.
    ///
    /// The verifier never encodes: this is for tests, which build keys and malformed inputs from values, and
    /// for the fuzzer, which checks that what the decoder accepts survives a round trip.
    package var encoded: [UInt8] {
        var output: [UInt8] = []
        encode(into: &output)
        return output
    }

    private func encode(into output: inout [UInt8]) {
        switch self {
        case .unsigned(let value): Self.head(0, value, into: &output)
        case .negative(let value): Self.head(1, value, into: &output)
        case .bytes(let bytes):
            Self.head(2, UInt64(bytes.count), into: &output)
            output += bytes
        case .text(let text):
            Self.head(3, UInt64(text.utf8.count), into: &output)
            output += text.utf8
        case .array(let elements):
            Self.head(4, UInt64(elements.count), into: &output)
            for element in elements { element.encode(into: &output) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), into: &output)
            for entry in entries {
                entry.key.encode(into: &output)
                entry.value.encode(into: &output)
            }
        case .tagged(let tag, let value):
            Self.head(6, tag, into: &output)
            value.encode(into: &output)
        case .bool(let value): output.append(value ? 0xF5 : 0xF4)
        case .null: output.append(0xF6)
        case .undefined: output.append(0xF7)
        case .simple(let value) where value < 24: output.append(0xE0 | value)
        case .simple(let value): output += [0xF8, value]
        case .float(let value):
            // Always the 8-byte form: exact for every Double, which is all a round trip needs.
            output.append(0xFB)
            output += (0..<8).reversed().map { UInt8(truncatingIfNeeded: value.bitPattern >> ($0 * 8)) }
        }
    }

    private static func head(_ major: UInt8, _ argument: UInt64, into output: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: output.append(type | UInt8(argument))
        case 24...0xFF: output += [type | 24, UInt8(argument)]
        case 0x100...0xFFFF: output += [type | 25] + bigEndian(argument, count: 2)
        case 0x1_0000...0xFFFF_FFFF: output += [type | 26] + bigEndian(argument, count: 4)
        default: output += [type | 27] + bigEndian(argument, count: 8)
        }
    }

    private static func bigEndian(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
