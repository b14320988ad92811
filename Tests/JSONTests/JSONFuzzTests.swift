import Foundation
import JSON
import TestSupport
import Testing

/// Random and mutated text through `JSONSyntax.parse`, which reads directory files and request bodies from
/// people Portico does not trust. A fixed seed keeps runs repeatable and quick; `PORTICO_FUZZ_SEED` and
/// `PORTICO_FUZZ_ROUNDS` run others locally. An input that breaks an invariant is printed in hex: add it to
/// `Fixtures/json-corpus` so it stays tested.
struct JSONFuzzTests {
    private static let seed = ProcessInfo.processInfo.environment["PORTICO_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_0014
    private static let rounds = ProcessInfo.processInfo.environment["PORTICO_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 1_500

    @Test func corpusIsPresent() {
        #expect(JSONCorpusFile.all.count >= 12)
    }

    @Test(arguments: JSONCorpusFile.all)
    func corpusInputKeepsTheInvariants(_ file: JSONCorpusFile) {
        let accepted = Self.checkInvariants(file.bytes, label: file.name)
        if file.name.hasPrefix("accept-") { #expect(accepted, "\(file.name) must parse") }
        if file.name.hasPrefix("reject-") { #expect(!accepted, "\(file.name) must be refused") }
    }

    /// Well-formed text, some of it with a key repeated (spelled differently, escaped or not): it parses
    /// exactly when no object repeats a key.
    @Test func generatedTextParsesExactlyWhenNoKeyRepeats() {
        var random = SeededGenerator(seed: Self.seed)
        for _ in 0..<Self.rounds {
            var writer = TextWriter(random: random)
            let text = writer.value(depth: 0)
            random = writer.random
            let bytes = Array(text.utf8)
            let accepted = Self.checkInvariants(bytes, label: "generated")
            #expect(accepted != writer.repeatsAKey, "generated \(Self.hex(bytes))")
            if case .failure(let invalid) = JSONSyntax.parse(bytes) {
                #expect(invalid.problems.allSatisfy { $0.reason.hasPrefix("duplicate key ") || $0.reason.hasPrefix("stopped reading") })
            }
        }
    }

    /// Generated text and the corpus with bytes flipped, inserted, deleted, repeated and cut off.
    @Test func mutatedTextKeepsTheInvariants() {
        var random = SeededGenerator(seed: Self.seed ^ 0xFFFF)
        let seeds = JSONCorpusFile.all.map(\.bytes)
        for round in 0..<Self.rounds * 2 {
            var bytes: [UInt8]
            if round % 2 == 0, !seeds.isEmpty {
                bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            } else {
                var writer = TextWriter(random: random)
                bytes = Array(writer.value(depth: 0).utf8)
                random = writer.random
            }
            for _ in 0..<Int.random(in: 1...4, using: &random) { Self.mutate(&bytes, using: &random) }
            _ = Self.checkInvariants(bytes, label: "mutated")
        }
    }

    // MARK: Invariants

    /// Parses `bytes` and checks what must hold whatever they are; returns whether they were accepted.
    ///
    /// Accepted text has as many members in its objects as `:` outside strings (so no repeated key was
    /// dropped) and reads back from its own output unchanged. Refused text has at most
    /// `maximumProblems` problems, in the order of the text, each at a line and column inside it.
    @discardableResult
    static func checkInvariants(_ bytes: [UInt8], label: String) -> Bool {
        switch JSONSyntax.parse(bytes) {
        case .success(let node):
            #expect(memberCount(node) == colonsOutsideStrings(bytes), "\(label): a repeated key was accepted in \(hex(bytes))")
            #expect((try? JSONNode.parse(Array(node.text().utf8))) == node, "\(label): does not read back \(hex(bytes))")
            return true
        case .failure(let invalid):
            #expect((1...JSONSyntax.maximumProblems).contains(invalid.problems.count))
            let lines = lineLengths(bytes)
            var previous = (line: 1, column: 1)
            for problem in invalid.problems {
                let inside =
                    problem.line >= 1 && problem.line <= lines.count && problem.column >= 1 && problem.column <= lines[problem.line - 1] + 1
                #expect(inside, "\(label): \(problem) is outside \(hex(bytes))")
                #expect((previous.line, previous.column) <= (problem.line, problem.column), "\(label): \(problem) out of order")
                #expect(problem.path.hasPrefix("$"))
                previous = (problem.line, problem.column)
            }
            return false
        }
    }

    private static func memberCount(_ node: JSONNode) -> Int {
        switch node {
        case .object(let members): members.count + members.values.map(memberCount).reduce(0, +)
        case .array(let elements): elements.map(memberCount).reduce(0, +)
        default: 0
        }
    }

    /// In valid JSON every `:` outside a string separates one key from its value.
    private static func colonsOutsideStrings(_ bytes: [UInt8]) -> Int {
        var colons = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ":") {
                colons += 1
            }
        }
        return colons
    }

    /// The characters of each line, counted as the parser counts columns.
    private static func lineLengths(_ bytes: [UInt8]) -> [Int] {
        var lengths = [0]
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lengths.append(0)
            } else if byte & 0xC0 != 0x80 {
                lengths[lengths.count - 1] += 1
            }
        }
        return lengths
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.prefix(512).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    // MARK: Mutations

    private static let interesting: [[UInt8]] =
        [
            "{", "}", "[", "]", "\"", ":", ",", "\\", "u", "0", "9", "e", "-", ".", "t", "n", " ", "\n", #"\ud800"#, #"\udc00"#, "1e999",
            #""a":1,"#, #"\u0000"#,
        ].map { Array($0.utf8) } + [
            [0x00], [0x1F], [0x7F], [0x80], [0xBF], [0xC0], [0xC3], [0xE0], [0xED, 0xA0], [0xF0], [0xF4, 0x90], [0xFF],
        ]

    private static func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        let position = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where position < bytes.count:
            bytes.replaceSubrange(position...position, with: interesting.randomElement(using: &random)!)
        case 1:
            bytes.insert(contentsOf: interesting.randomElement(using: &random)!, at: position)
        case 2 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
        case 3 where position < bytes.count:
            let slice = bytes[position..<min(bytes.count, position + Int.random(in: 1...16, using: &random))]
            bytes.insert(contentsOf: slice, at: position)
        case 4:
            bytes.removeSubrange(position...)
        default:
            if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &random) }
        }
    }
}

/// Writes random well-formed JSON with random whitespace and spellings, and notes whether some object
/// repeats a key as the parser compares keys (decoded, as Swift strings).
private struct TextWriter {
    var random: SeededGenerator
    private(set) var repeatsAKey = false

    /// Keys from a small set, so that repeats happen; "é" and "e\u{301}" are one key to Swift.
    private static let keys = ["a", "b", "name", "groups", "é", "e\u{301}", "", "a b", "\"", "😀"]
    private static let characters: [Unicode.Scalar] = [
        "a", "Z", " ", "\"", "\\", "/", "\u{0}", "\u{8}", "\n", "\u{1F}", "\u{7F}", "é", "\u{301}", "\u{2028}", "日", "\u{FFFF}", "😀",
        "\u{10FFFF}",
    ]

    init(random: SeededGenerator) { self.random = random }

    mutating func value(depth: Int) -> String {
        let choice = Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &random)
        switch choice {
        case 0: return string(length: Int.random(in: 0...6, using: &random))
        case 1: return number()
        case 2: return ["true", "false", "null"].randomElement(using: &random)!
        case 3, 4: return string(Self.keys.randomElement(using: &random)!)
        case 5:
            let count = Int.random(in: 0...4, using: &random)
            return "[" + (0..<count).map { _ in space() + value(depth: depth + 1) + space() }.joined(separator: ",") + "]"
        default:
            let count = Int.random(in: 0...4, using: &random)
            var seen: Set<String> = []
            let members = (0..<count).map { _ in
                let key = Self.keys.randomElement(using: &random)!
                if !seen.insert(key).inserted { repeatsAKey = true }
                return space() + string(key) + space() + ":" + space() + value(depth: depth + 1) + space()
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    private mutating func space() -> String {
        String((0..<Int.random(in: 0...2, using: &random)).map { _ in " \t\n\r".randomElement(using: &random)! })
    }

    private mutating func string(length: Int) -> String {
        var text = ""
        for _ in 0..<length { text.unicodeScalars.append(Self.characters.randomElement(using: &random)!) }
        return string(text)
    }

    /// `text` as a JSON string, each character written raw or escaped at random (surrogate pairs included).
    private mutating func string(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            if mustEscape || Bool.random(using: &random) && Bool.random(using: &random) {
                for unit in String(scalar).utf16 {
                    let digits = String(unit, radix: 16, uppercase: Bool.random(using: &random))
                    quoted += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                }
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    private mutating func number() -> String {
        let sign = Bool.random(using: &random) ? "-" : ""
        let integer = Bool.random(using: &random) ? "0" : String(Int.random(in: 1...999_999, using: &random))
        let fraction = Bool.random(using: &random) ? "." + String(Int.random(in: 0...999, using: &random)) : ""
        let exponent =
            Bool.random(using: &random)
            ? ["e", "E"].randomElement(using: &random)! + ["", "+", "-"].randomElement(using: &random)!
                + String(Int.random(in: 0...300, using: &random)) : ""
        return sign + integer + fraction + exponent
    }
}
