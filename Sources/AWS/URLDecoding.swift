/// RFC 3986 percent-decoding: the policy documents IAM returns URL-encoded, and the path and query SigV4
/// decodes before encoding them once in its canonical form.
enum URLDecoding {
    /// `text` with every `%XX` replaced by its byte; a `%` not followed by two hex digits is kept as it is.
    static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return String(decoding: bytes(Substring(text)), as: UTF8.self)
    }

    /// The bytes `text` stands for, as `decode` reads it.
    static func bytes(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
