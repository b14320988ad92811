/// Writes a `JSONNode` as compact JSON text, byte for byte as `JSONEncoder` with sorted keys and unescaped
/// slashes would, without its machinery.
///
/// Every audit event's details go through here, so an `apply` of 100,000 changes writes 100,000 of them
/// inside its write transaction: Foundation's encoder (a boxed value tree per call) was most of the time
/// that transaction held the lock. Keys are sorted by `String` order, strings escape `"`, `\` and
/// control characters (`\n`, `\t`, … and `\u00XX`), whole numbers below 2^53 are written as integers
/// and the rest in Swift's shortest form, as the encoder does.
enum JSONTextWriter {
    static func text(_ node: JSONNode) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(node, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ node: JSONNode, to output: inout [UInt8]) {
        switch node {
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(members[key]!, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            writeString(text, to: &output)
        case .number(let number) where number == number.rounded() && abs(number) < 9_007_199_254_740_992:
            output.append(contentsOf: String(Int64(number)).utf8)
        case .number(let number):
            // Parsing never yields a non-finite number; the encoder would refuse one, and the caller wrote "null".
            // A whole number too large for an exact integer is written as the encoder does, without ".0".
            var text = number.isFinite ? number.description : "null"
            if text.hasSuffix(".0") { text.removeLast(2) }
            output.append(contentsOf: text.utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
