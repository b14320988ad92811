/// Lower-case hexadecimal without `String(format:)` or intermediate strings.
enum Hex {
    @inline(__always)
    static func digit(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value & 0xF)
        return nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10
    }

    /// `first` then `second`, 16 digits each.
    static func string(_ first: UInt64, _ second: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = digit(first >> UInt64(60 - 4 * index))
                buffer[16 + index] = digit(second >> UInt64(60 - 4 * index))
            }
            return 32
        }
    }

    /// 16 digits.
    static func string(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 { buffer[index] = digit(value >> UInt64(60 - 4 * index)) }
            return 16
        }
    }

    /// Two upper-case digits, as percent-encoding writes them (RFC 3986 §2.1).
    static func upperCase(_ byte: UInt8) -> [UInt8] {
        [byte >> 4, byte & 0xF].map { $0 < 10 ? UInt8(ascii: "0") + $0 : UInt8(ascii: "A") + $0 - 10 }
    }
}
