/// Unpadded base64 (RFC 4648 §4 and §5) over either alphabet, strict on decode.
///
/// Both places Portico uses base64 omit padding: tokens in URLs and headers (the URL-safe alphabet)
/// and PHC password strings (the standard alphabet, without padding by that format's rule). Decoding
/// refuses padding, foreign characters and non-zero leftover bits, so each value has exactly one
/// encoding and a stored string cannot be altered without changing what it decodes to.
struct Base64Coder: Sendable {
    static let standard = Base64Coder(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    static let url = Base64Coder(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private let symbols: [UInt8]
    private let values: [UInt8]

    private init(alphabet: String) {
        symbols = Array(alphabet.utf8)
        var values = [UInt8](repeating: 0xff, count: 256)
        for (index, symbol) in symbols.enumerated() {
            values[Int(symbol)] = UInt8(index)
        }
        self.values = values
    }

    func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(symbols[Int(group >> 18)])
            output.append(symbols[Int((group >> 12) & 0x3f)])
            output.append(symbols[Int((group >> 6) & 0x3f)])
            output.append(symbols[Int(group & 0x3f)])
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            output.append(symbols[Int(group >> 18)])
            output.append(symbols[Int((group >> 12) & 0x3f)])
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(symbols[Int(group >> 18)])
            output.append(symbols[Int((group >> 12) & 0x3f)])
            output.append(symbols[Int((group >> 6) & 0x3f)])
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or nil if `text` is not canonical unpadded base64 in this alphabet.
    func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 != 1 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in input {
            let value = values[Int(character)]
            guard value != 0xff else { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xff))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
