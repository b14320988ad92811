/// Comma-separated values as RFC 4180 writes them: fields separated by commas, records by line breaks,
/// and a field in double quotes may hold commas, line breaks and `""` for one quote.
///
/// Spreadsheets export exactly this, so the parser is strict where a lenient one would guess: a quote
/// inside an unquoted field, text after a closing quote, or a quote never closed is an error naming the
/// line, because guessing would import a silently shifted column. It accepts what real files carry
/// beyond the RFC: a UTF-8 byte order mark (Excel writes one), `LF` or `CR` line ends besides `CRLF`,
/// and no line break after the last record.
package enum CSVParser {
    /// Why the text is not CSV, and on which line (counting from 1) the problem is.
    package struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        package let line: Int
        package let reason: String

        package init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        package var description: String { "line \(line): \(reason)" }
    }

    /// Every record of `text`, each a list of fields; an empty line is a record of one empty field.
    ///
    /// More than `maximumRecords` records is a problem, so a huge paste stops early instead of filling memory.
    package static func parse(_ text: String, maximumRecords: Int = 100_000) throws(Problem) -> [[String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [[String]] = []
        var fields: [String] = []
        var index = 0
        var line = 1
        guard !bytes.isEmpty else { return [] }

        func field(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        while true {
            // One field starts here.
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                let openedOn = line
                index += 1
                var value: [UInt8] = []
                while true {
                    guard index < bytes.count else {
                        throw Problem(line: openedOn, reason: "a quoted field is never closed with \"")
                    }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            value.append(byte)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && bytes[safe: index + 1] != UInt8(ascii: "\n")) {
                        line += 1
                    }
                    value.append(byte)
                    index += 1
                }
                if index < bytes.count, !isSeparator(bytes[index]) {
                    throw Problem(line: line, reason: "text follows a closing quote; a quote inside a quoted field is written \"\"")
                }
                fields.append(String(decoding: value, as: UTF8.self))
            } else {
                let start = index
                while index < bytes.count, !isSeparator(bytes[index]) {
                    if bytes[index] == UInt8(ascii: "\"") {
                        throw Problem(line: line, reason: "a field with a quote in it must be quoted whole, with the quote written \"\"")
                    }
                    index += 1
                }
                fields.append(field(start..<index))
            }

            // Then a comma, a line break, or the end.
            guard index < bytes.count else {
                records.append(fields)
                break
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "\r"), bytes[safe: index + 1] == UInt8(ascii: "\n") { index += 1 }
            index += 1
            line += 1
            records.append(fields)
            fields = []
            guard records.count <= maximumRecords else {
                throw Problem(line: line - 1, reason: "more than \(maximumRecords) rows")
            }
            if index >= bytes.count { break }
        }
        guard records.count <= maximumRecords else { throw Problem(line: line, reason: "more than \(maximumRecords) rows") }
        return records
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

extension Array where Element == UInt8 {
    fileprivate subscript(safe index: Int) -> UInt8? { index < count ? self[index] : nil }
}
