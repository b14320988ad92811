import FoundationEssentials
import TestSupport
import Testing

@testable import JSON

/// The compact writer must give exactly the text `JSONEncoder` gave before it, since stored audit details
/// and settings are compared as text.
struct JSONTextWriterTests {
    private func encoderText(_ node: JSONNode) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(node), as: UTF8.self)
    }

    @Test func matchesTheEncoderOnAwkwardValues() throws {
        let node = JSONNode.object([
            "b": .string("a/b\"c\\\u{1}\u{7f}\u{2028}é\n\t\r\u{8}\u{c}\u{1f}"), "a": .number(0.1), "A": .number(1e-7), "_": .number(1e21),
            "1": .number(-0.0), "10": .number(123_456_789.125), "2": .number(9_007_199_254_740_993), "é": .null, "e": .bool(true),
            "ß": .array([.bool(false), .object([:]), .array([]), .number(-42)]), "ss": .string(""),
        ])
        let (ours, theirs) = (JSONTextWriter.text(node), try encoderText(node))
        #expect(ours == theirs, "\n\(ours)\n\(theirs)")
    }

    @Test func matchesTheEncoderOnRandomTrees() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let node = randomNode(&generator, depth: 0)
            #expect(JSONTextWriter.text(node) == (try encoderText(node)), "\(node)")
        }
    }

    private func randomNode(_ generator: inout SeededGenerator, depth: Int) -> JSONNode {
        switch generator.next() % (depth > 3 ? 4 : 6) {
        case 0: return .string(randomString(&generator))
        case 1:
            let choices: [Double] = [0, 1, -1, 0.5, 1e-9, 3.141_592_653_589_793, 1e300, -2.5e-300, 4_503_599_627_370_496.5, 12_345]
            return .number(choices[Int(generator.next() % UInt64(choices.count))] * Double(Int(generator.next() % 7) - 3))
        case 2: return .bool(generator.next() % 2 == 0)
        case 3: return .null
        case 4: return .array((0..<Int(generator.next() % 4)).map { _ in randomNode(&generator, depth: depth + 1) })
        default:
            var members: [String: JSONNode] = [:]
            for _ in 0..<Int(generator.next() % 5) { members[randomString(&generator)] = randomNode(&generator, depth: depth + 1) }
            return .object(members)
        }
    }

    private func randomString(_ generator: inout SeededGenerator) -> String {
        let alphabet: [Unicode.Scalar] = [
            "a", "B", "z", "0", "9", "_", "-", "/", "\"", "\\", "\n", "\u{0}", "\u{1b}", "é", "ß", "€", "😀", " ", "\u{7f}",
        ]
        return String(
            String.UnicodeScalarView((0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
    }
}
