/// The few bytes the parser and renderer care about.
enum Byte {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Spaces and tabs: what may surround a standalone tag on its line.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == newline || byte == carriageReturn
    }
}
