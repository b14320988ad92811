/// RFC 4648 §6 base32, the encoding authenticator apps expect for TOTP secrets.
///
/// Encoding is uppercase without padding, as `otpauth://` URIs carry it. Decoding is lenient only
/// where people are: lowercase, spaces (secrets are often shown in groups) and trailing padding are
/// accepted; anything else, including non-zero leftover bits, is rejected so one secret has one spelling.
package enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    package static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1f)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or nil if `text` is not base32.
    package static func decode(_ text: String) -> [UInt8]? {
        var symbols = [UInt8]()
        var padding = 0
        for character in text.utf8 where character != UInt8(ascii: " ") {
            if character == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            // A symbol after padding means the padding was not trailing.
            guard padding == 0, let value = value(of: character) else { return nil }
            symbols.append(value)
        }
        if padding > 0 && (padding >= 8 || (symbols.count + padding) % 8 != 0) { return nil }
        // Only these remainders correspond to a whole number of bytes (RFC 4648 §6).
        guard [0, 2, 4, 5, 7].contains(symbols.count % 8) else { return nil }

        var output = [UInt8]()
        output.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            buffer = (buffer << 5) | UInt32(symbol)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
