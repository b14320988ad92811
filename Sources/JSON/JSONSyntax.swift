/// A strict RFC 8259 syntax check that says where JSON text goes wrong, by line and column.
///
/// `JSONDecoder` answers "not valid JSON" with a message whose wording and position format belong to
/// Foundation and change between releases; an admin fixing a 300-line policy in a textarea needs
/// "line 12, column 5: expected , or }" in words we control. Only the syntax is checked here: the
/// values themselves are read by `JSONNode.parse`.
package enum JSONSyntax {
    /// The kind of the top-level value of well-formed text.
    package enum Kind: String, Hashable, Sendable {
        case object, array, string, number, boolean, null
    }

    /// Where and why text is not JSON. `line` and `column` count from 1; columns count characters.
    package struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        package let line: Int
        package let column: Int
        package let reason: String

        package init(line: Int, column: Int, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }

        package var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Nesting deeper than this is refused rather than risking the stack; no policy comes close.
    package static let maximumDepth = 256

    /// The kind of the one value `text` holds, or the first problem found.
    package static func check(_ text: String) -> Result<Kind, Problem> {
        var scanner = Scanner(bytes: Array(text.utf8))
        do throws(Problem) {
            scanner.skipWhitespace()
            let kind = try scanner.value(depth: 0)
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.problem("unexpected text after the end of the value") }
            return .success(kind)
        } catch {
            return .failure(error)
        }
    }
}

extension JSONSyntax {
    /// A cursor over UTF-8 bytes; the text came from a `String`, so it is valid UTF-8 already.
    fileprivate struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index >= bytes.count }

        /// A problem at the current position: the line is one plus the line feeds before it, the column one
        /// plus the characters (UTF-8 lead bytes) since the last line feed.
        func problem(_ reason: String) -> Problem {
            var line = 1
            var column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return Problem(line: line, column: column, reason: reason)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// What the current byte is, for messages: `end of text` or the character in quotes.
        var found: String {
            guard index < bytes.count else { return "the end of the text" }
            let byte = bytes[index]
            if byte < 0x20 { return "a control character" }
            let end = bytes[index...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
            return "'" + String(decoding: bytes[index..<end], as: UTF8.self) + "'"
        }

        mutating func value(depth: Int) throws(Problem) -> Kind {
            guard depth < JSONSyntax.maximumDepth else { throw problem("nested more than \(JSONSyntax.maximumDepth) levels deep") }
            guard index < bytes.count else { throw problem("expected a value but found the end of the text") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try object(depth: depth)
                return .object
            case UInt8(ascii: "["):
                try array(depth: depth)
                return .array
            case UInt8(ascii: "\""):
                try string()
                return .string
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
                return .number
            case UInt8(ascii: "t"):
                try literal("true")
                return .boolean
            case UInt8(ascii: "f"):
                try literal("false")
                return .boolean
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default:
                throw problem("expected a value but found \(found)")
            }
        }

        mutating func object(depth: Int) throws(Problem) {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw problem("expected a quoted key but found \(found)")
                }
                try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw problem("expected : but found \(found)") }
                index += 1
                skipWhitespace()
                _ = try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw problem("expected , or } but found the end of the text") }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw problem("expected , or } but found \(found)") }
                index += 1
                skipWhitespace()
            }
        }

        mutating func array(depth: Int) throws(Problem) {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                _ = try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw problem("expected , or ] but found the end of the text") }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw problem("expected , or ] but found \(found)") }
                index += 1
                skipWhitespace()
            }
        }

        mutating func string() throws(Problem) {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape()
                case 0x00..<0x20:
                    throw problem("a line break or control character inside a string must be escaped")
                default:
                    index += 1
                }
            }
            throw problem("the string is not closed with \"")
        }

        /// The escape after a backslash; surrogate halves must come in pairs, as in UTF-16.
        mutating func escape() throws(Problem) {
            guard index < bytes.count else { throw problem("the string is not closed with \"") }
            switch bytes[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 1
            case UInt8(ascii: "u"):
                let start = index - 1
                let unit = try hexUnit()
                if (0xDC00...0xDFFF).contains(unit) {
                    index = start
                    throw problem("\\u\(hex(unit)) is the second half of a surrogate pair without the first")
                }
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        index = start
                        throw problem("\\u\(hex(unit)) must be followed by the second half of its surrogate pair")
                    }
                    index += 1
                    let low = try hexUnit()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        index = start
                        throw problem("\\u\(hex(unit)) must be followed by the second half of its surrogate pair")
                    }
                }
            default:
                let character = found
                index -= 1
                throw problem("a backslash followed by \(character) is not a JSON escape")
            }
        }

        /// `u` and four hex digits.
        mutating func hexUnit() throws(Problem) -> Int {
            index += 1
            var unit = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                    throw problem("\\u must be followed by four hex digits")
                }
                unit = unit * 16 + digit
                index += 1
            }
            return unit
        }

        private func hex(_ unit: Int) -> String {
            let text = String(unit, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - text.count)) + text
        }

        static func hexValue(_ byte: UInt8) -> Int? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
            default: nil
            }
        }

        mutating func number() throws(Problem) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw problem("expected a digit but found \(found)") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw problem("a number must not start with 0") }
            } else {
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw problem("expected a digit after . but found \(found)") }
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw problem("expected an exponent but found \(found)") }
                skipDigits()
            }
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private mutating func skipDigits() {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }

        /// `true`, `false` or `null`; anything else starting with their letter is shown whole (`'nope'`).
        mutating func literal(_ word: StaticString) throws(Problem) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            let start = index
            let letters = bytes[start...].prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }
            guard letters.elementsEqual(expected) else {
                throw problem("expected a value but found '\(String(decoding: letters.prefix(20), as: UTF8.self))'")
            }
            index += expected.count
        }
    }
}
