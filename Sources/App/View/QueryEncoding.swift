/// Percent-encoding for one query-string value (RFC 3986: everything but unreserved characters).
enum QueryEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func component(_ text: String) -> String {
        // Most values (ids, plain role names) need nothing encoded: the start page renders many of them.
        if text.utf8.allSatisfy(isKept) { return text }
        var output: [UInt8] = []
        for byte in text.utf8 {
            if isKept(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `?name=value&…` with each value encoded, or the empty string when there are no items.
    static func query(_ items: [(name: String, value: String)]) -> String {
        items.isEmpty ? "" : "?" + items.map { $0.name + "=" + component($0.value) }.joined(separator: "&")
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            true
        default: false
        }
    }
}
