/// The reader behind `JSONSyntax.parse`: one pass over UTF-8 bytes that builds the value and notes each
/// problem with its byte offset and path.
///
/// A repeated key is noted and reading goes on, so one run names every repeat; a syntax error ends
/// reading, since what follows it has no reliable meaning. Offsets become lines and columns only at the
/// end, in one walk over the text, so that a thousand problems in a large file cost one pass, not one each.
struct JSONParser {
    /// One step from a value to a member or element, kept as a stack while reading and turned into text
    /// only when there is a problem to name.
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// A problem before its line and column are known.
    private struct Note {
        let offset: Int
        let reason: String
        let path: String
    }

    /// Thrown to stop reading; the problem that stopped it is already noted.
    private struct Stop: Error {}

    private let bytes: [UInt8]
    /// Where the text starts: after a byte order mark, which counts for no column.
    private let start: Int
    private var index: Int
    private var notes: [Note] = []
    private var steps: [Step] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // RFC 8259 §8.1 lets a reader ignore a byte order mark, which some Windows editors still write.
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        index = start
    }

    mutating func parse() -> Result<JSONNode, JSONSyntax.Invalid> {
        var node = JSONNode.null
        do throws(Stop) {
            skipWhitespace()
            node = try value(depth: 0)
            skipWhitespace()
            if !isAtEnd { try stop(unexpected("the end of the text", otherwise: "unexpected text after the end of the value")) }
        } catch {}
        return notes.isEmpty ? .success(node) : .failure(JSONSyntax.Invalid(problems()))
    }

    // MARK: Problems

    private var isAtEnd: Bool { index >= bytes.count }

    /// The current path as text: `$.groups[0]`.
    private var path: String {
        steps.reduce(JSONPath.root) { path, step in
            switch step {
            case .key(let key): JSONPath.appending(key: key, to: path)
            case .index(let index): JSONPath.appending(index: index, to: path)
            }
        }
    }

    /// Notes a problem that does not stop reading, unless there are too many already.
    private mutating func note(_ reason: String, at offset: Int) throws(Stop) {
        notes.append(Note(offset: offset, reason: reason, path: path))
        if notes.count == JSONSyntax.maximumProblems - 1 {
            try stop("stopped reading after \(notes.count) problems", at: offset)
        }
    }

    /// Notes the problem that ends reading.
    private mutating func stop(_ reason: String, at offset: Int? = nil) throws(Stop) -> Never {
        notes.append(Note(offset: min(offset ?? index, bytes.count), reason: reason, path: path))
        throw Stop()
    }

    /// The notes with lines and columns: a line is one plus the line feeds before the offset, a column one
    /// plus the bytes since the last line feed that do not continue a UTF-8 character, so a character
    /// counts once and so does a byte that is not UTF-8.
    private func problems() -> [JSONSyntax.Problem] {
        let offsets = Set(notes.map(\.offset)).sorted()
        var positions: [Int: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        var scanned = start
        for offset in offsets {
            while scanned < offset {
                let byte = bytes[scanned]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                scanned += 1
            }
            positions[offset] = (line, column)
        }
        return notes.map { note in
            let position = positions[note.offset]!
            return JSONSyntax.Problem(line: position.line, column: position.column, reason: note.reason, path: note.path)
        }
    }

    /// Why the current byte cannot be here: `expected , or } but found 'x'`, or what is wrong with its
    /// encoding when it is not UTF-8, or `otherwise` when there is a character but naming it would not help.
    private func unexpected(_ expected: String, otherwise: String? = nil) -> String {
        guard index < bytes.count else { return "expected \(expected) but found the end of the text" }
        if let problem = utf8Problem(at: index) { return problem.reason }
        if let otherwise { return otherwise }
        return "expected \(expected) but found \(found)"
    }

    /// The current character for messages: `'x'`, or the control character by its code point.
    private var found: String {
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x7F { return "control character U+\(JSONPath.hex(UInt32(byte)))" }
        let length = utf8Length(at: index) ?? 1
        return "'" + String(decoding: bytes[index..<index + length], as: UTF8.self) + "'"
    }

    // MARK: Values

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Stop) -> JSONNode {
        guard depth < JSONSyntax.maximumDepth else { try stop("nested more than \(JSONSyntax.maximumDepth) levels deep") }
        guard index < bytes.count else { try stop("expected a value but found the end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: try stop(unexpected("a value"))
        }
    }

    private mutating func object(depth: Int) throws(Stop) -> JSONNode {
        index += 1
        skipWhitespace()
        var members: [String: JSONNode] = [:]
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { try stop(unexpected("a quoted key")) }
            let keyOffset = index
            let key = try string()
            // Noted before the value is read, so that problems stay in the order of the text. Keys compare as
            // Swift strings do, so two spellings of one character (é and e + ◌́) are one key, as in the dictionary.
            let isRepeat = members[key] != nil
            if isRepeat { try note("duplicate key \(JSONPath.quoted(key))", at: keyOffset) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { try stop(unexpected(":")) }
            index += 1
            skipWhitespace()
            steps.append(.key(key))
            let member = try value(depth: depth + 1)
            steps.removeLast()
            if !isRepeat { members[key] = member }
            skipWhitespace()
            guard index < bytes.count else { try stop("expected , or } but found the end of the text") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            guard bytes[index] == UInt8(ascii: ",") else { try stop(unexpected(", or }")) }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func array(depth: Int) throws(Stop) -> JSONNode {
        index += 1
        skipWhitespace()
        var elements: [JSONNode] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            steps.append(.index(elements.count))
            elements.append(try value(depth: depth + 1))
            steps.removeLast()
            skipWhitespace()
            guard index < bytes.count else { try stop("expected , or ] but found the end of the text") }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            guard bytes[index] == UInt8(ascii: ",") else { try stop(unexpected(", or ]")) }
            index += 1
            skipWhitespace()
        }
    }

    /// `true`, `false` or `null`; anything else starting with their letter is shown whole (`'nope'`).
    private mutating func literal(_ word: StaticString) throws(Stop) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let letters = bytes[index...].prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }
        guard letters.elementsEqual(expected) else {
            try stop("expected a value but found '\(String(decoding: letters.prefix(20), as: UTF8.self))'")
        }
        index += expected.count
    }

    // MARK: Numbers

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// A number in RFC 8259's grammar that a `Double` can hold; beyond its range is refused, not made
    /// infinite, while digits beyond its precision round as every JSON reader rounds them.
    private mutating func number() throws(Stop) -> Double {
        let first = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { try stop(unexpected("a digit")) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { try stop("a number must not start with 0") }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { try stop(unexpected("a digit after .")) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { try stop(unexpected("an exponent")) }
            skipDigits()
        }
        let text = String(decoding: bytes[first..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
            try stop("number \(shown) is out of range", at: first)
        }
        return number
    }

    // MARK: Strings

    /// The string at the current `"`, unescaped; raw bytes are copied as they are, having been checked.
    private mutating func string() throws(Stop) -> String {
        index += 1
        var unescaped: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let run = bytes[runStart..<index]
                index += 1
                if unescaped.isEmpty { return String(decoding: run, as: UTF8.self) }
                unescaped += run
                return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                unescaped += bytes[runStart..<index]
                try escape(into: &unescaped)
                runStart = index
            case 0x00..<0x20:
                try stop(Self.controlCharacterReason(byte))
            case 0x20..<0x80:
                index += 1
            default:
                if let problem = utf8Problem(at: index) { try stop(problem.reason, at: problem.offset) }
                index += utf8Length(at: index)!
            }
        }
        try stop("the string is not closed with \"")
    }

    private static func controlCharacterReason(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: "a line break inside a string must be escaped as \\n"
        case 0x0D: "a carriage return inside a string must be escaped as \\r"
        case 0x09: "a tab inside a string must be escaped as \\t"
        default: "control character U+\(JSONPath.hex(UInt32(byte))) must be escaped as \\u\(JSONPath.hex(UInt32(byte)))"
        }
    }

    /// The escape at the current backslash, appended as UTF-8; surrogate halves must come in pairs, as in UTF-16.
    private mutating func escape(into unescaped: inout [UInt8]) throws(Stop) {
        let backslash = index
        index += 1
        guard index < bytes.count else { try stop("the string is not closed with \"") }
        let simple: UInt8? =
            switch bytes[index] {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case UInt8(ascii: "/"): UInt8(ascii: "/")
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            unescaped.append(simple)
            index += 1
            return
        }
        guard bytes[index] == UInt8(ascii: "u") else {
            if let problem = utf8Problem(at: index) { try stop(problem.reason, at: problem.offset) }
            try stop("a backslash followed by \(found) is not a JSON escape", at: backslash)
        }
        let unit = try hexUnit()
        var scalar = unit
        if (0xDC00...0xDFFF).contains(unit) {
            try stop(
                "lone surrogate \\u\(JSONPath.hex(unit)) in a string: \\uDC00 to \\uDFFF must follow \\uD800 to \\uDBFF", at: backslash)
        }
        if (0xD800...0xDBFF).contains(unit) {
            let lone = "lone surrogate \\u\(JSONPath.hex(unit)) in a string: \\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF"
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                try stop(lone, at: backslash)
            }
            index += 1
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else { try stop(lone, at: backslash) }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        unescaped += Array(String(Unicode.Scalar(scalar)!).utf8)
    }

    /// `u` and four hex digits.
    private mutating func hexUnit() throws(Stop) -> UInt32 {
        index += 1
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                try stop("\\u must be followed by four hex digits")
            }
            unit = unit * 16 + digit
            index += 1
        }
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    // MARK: UTF-8

    /// How many bytes a character starting with `lead` has and which values its second byte may take
    /// (Unicode's table 3-7: no overlong forms, no encoded surrogates, nothing past U+10FFFF), or nil when
    /// no character starts with it.
    private static func utf8Rule(_ lead: UInt8) -> (length: Int, second: ClosedRange<UInt8>)? {
        switch lead {
        case 0x00...0x7F: (1, 0x80...0xBF)
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: nil
        }
    }

    /// The length of the well-formed UTF-8 character at `offset`, or nil when it is not one.
    private func utf8Length(at offset: Int) -> Int? {
        guard let rule = Self.utf8Rule(bytes[offset]) else { return nil }
        guard rule.length > 1 else { return 1 }
        guard offset + rule.length <= bytes.count, rule.second.contains(bytes[offset + 1]) else { return nil }
        for continuation in bytes[offset + 2..<offset + rule.length] where !(0x80...0xBF).contains(continuation) { return nil }
        return rule.length
    }

    /// What is wrong with the bytes at `offset` when they are not a UTF-8 character: a byte that starts
    /// none is named alone, a character cut short by its bytes up to the first that does not fit.
    private func utf8Problem(at offset: Int) -> (reason: String, offset: Int)? {
        guard utf8Length(at: offset) == nil else { return nil }
        func hex(_ byte: UInt8) -> String { "0x" + String(JSONPath.hex(UInt32(byte)).suffix(2)) }
        let lead = bytes[offset]
        guard let rule = Self.utf8Rule(lead) else { return ("invalid UTF-8 byte \(hex(lead))", offset) }
        var sequence = [lead]
        for position in 1..<rule.length {
            guard offset + position < bytes.count else {
                return ("incomplete UTF-8 character \(sequence.map(hex).joined(separator: " ")) at the end of the text", offset)
            }
            let byte = bytes[offset + position]
            sequence.append(byte)
            if !(position == 1 ? rule.second : 0x80...0xBF).contains(byte) { break }
        }
        return ("invalid UTF-8 sequence \(sequence.map(hex).joined(separator: " "))", offset)
    }
}
