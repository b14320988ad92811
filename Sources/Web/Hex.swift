/// Lower-case hexadecimal without `String(format:)` or intermediate strings.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as exactly `width` digits (the low `4 * width` bits).
    @inline(__always)
    static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        var shift = (width - 1) * 4
        while shift >= 0 {
            bytes.append(digits[Int(truncatingIfNeeded: (value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// `values` as one string of 16 digits each.
    static func string(_ values: UInt64...) -> String {
        String(unsafeUninitializedCapacity: values.count * 16) { buffer in
            var index = 0
            for value in values {
                for shift in stride(from: 60, through: 0, by: -4) {
                    buffer[index] = digits[Int(truncatingIfNeeded: (value >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            return index
        }
    }

    /// Two upper-case digits, as percent-encoding writes them (RFC 3986 §2.1).
    static func upperCase(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
    }
}
