import SCIM
import TestSupport
import Testing

/// Seeded fuzzing of the filter and PATCH path parsers: generated filters survive writing and reading back unchanged, and
/// mutated ones never crash it, never run past its bounds, and parse to something that reads back the same.
struct SCIMFilterFuzzTests {
    private static let rounds = 2_000
    private static let names = ["userName", "emails", "value", "type", "name", "familyName", "active", "x-y_z9", "$ref"]
    private static let stringScalars = Array(#"ab "\/é#@.😀"#.unicodeScalars)
    private static let schemas = [
        nil, "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ]

    @Test func generatedFiltersReadBackUnchanged() throws {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<Self.rounds {
            let filter = randomFilter(&generator, depth: 0, inValuePath: false)
            let parsed = try SCIMFilter.parse(filter.description)
            #expect(parsed == filter, "\(filter)")
        }
    }

    @Test func mutatedFiltersNeverCrashAndReadBackWhenAccepted() {
        var generator = SeededGenerator(seed: 15)
        let alphabet = Array(#" ()[]"\.:-_$aeqnotrpr0123456789éx"#.unicodeScalars)
        for _ in 0..<Self.rounds {
            var scalars = Array(randomFilter(&generator, depth: 0, inValuePath: false).description.unicodeScalars)
            for _ in 0..<1 + Int(generator.next() % 4) {
                let index = Int(generator.next() % UInt64(scalars.count + 1))
                switch generator.next() % 3 {
                case 0: scalars.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                case 1: if index < scalars.count { scalars.remove(at: index) }
                default: if index < scalars.count { scalars[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            do {
                let parsed = try SCIMFilter.parse(text)
                #expect(try SCIMFilter.parse(parsed.description) == parsed, "\(text)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= scalars.count, "\(text): \(error)")
            }
        }
    }

    @Test func patchPathsReadBackAndMutatedOnesNeverCrash() throws {
        var generator = SeededGenerator(seed: 16)
        let alphabet = Array(#" []".:aeq0é"#.unicodeScalars)
        for _ in 0..<Self.rounds {
            var path = SCIMPatchPath(attribute: SCIMAttributePath(name: "emails"))
            if generator.next() % 2 == 0 {
                path.filter = randomFilter(&generator, depth: 2, inValuePath: true)
                if generator.next() % 2 == 0 { path.subAttribute = "value" }
            } else {
                path.attribute = randomPath(&generator)
            }
            #expect(try SCIMPatchPath.parse(path.description) == path, "\(path)")
            var scalars = Array(path.description.unicodeScalars)
            let index = Int(generator.next() % UInt64(scalars.count))
            scalars[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            let text = String(String.UnicodeScalarView(scalars))
            do {
                let parsed = try SCIMPatchPath.parse(text)
                #expect(try SCIMPatchPath.parse(parsed.description) == parsed, "\(text)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= scalars.count, "\(text): \(error)")
            }
        }
    }

    private func randomFilter(_ generator: inout SeededGenerator, depth: Int, inValuePath: Bool) -> SCIMFilter {
        switch generator.next() % (depth > 3 ? 2 : 6) {
        case 0:
            let comparison = SCIMComparison.allCases[Int(generator.next() % UInt64(SCIMComparison.allCases.count))]
            return .compare(randomPath(&generator), comparison, randomValue(&generator))
        case 1: return .present(randomPath(&generator))
        case 2:
            return .and(
                randomFilter(&generator, depth: depth + 1, inValuePath: inValuePath),
                randomFilter(&generator, depth: depth + 1, inValuePath: inValuePath))
        case 3:
            return .or(
                randomFilter(&generator, depth: depth + 1, inValuePath: inValuePath),
                randomFilter(&generator, depth: depth + 1, inValuePath: inValuePath))
        case 4: return .not(randomFilter(&generator, depth: depth + 1, inValuePath: inValuePath))
        default:
            guard !inValuePath else { return .present(randomPath(&generator)) }
            return .valuePath(randomPath(&generator), randomFilter(&generator, depth: depth + 1, inValuePath: true))
        }
    }

    private func randomPath(_ generator: inout SeededGenerator) -> SCIMAttributePath {
        let pick = { (values: [String], generator: inout SeededGenerator) in values[Int(generator.next() % UInt64(values.count))] }
        return SCIMAttributePath(
            schema: Self.schemas[Int(generator.next() % UInt64(Self.schemas.count))],
            name: pick(Self.names.filter { $0 != "$ref" }, &generator),
            subAttribute: generator.next() % 3 == 0 ? pick(Self.names, &generator) : nil)
    }

    private func randomValue(_ generator: inout SeededGenerator) -> SCIMFilterValue {
        switch generator.next() % 5 {
        case 0: .bool(generator.next() % 2 == 0)
        case 1: .null
        case 2: .number([0, 1, -7, 2.5, 1e-9, 123_456][Int(generator.next() % 6)])
        default:
            .string(
                String(
                    String.UnicodeScalarView(
                        (0..<Int(generator.next() % 8)).map { _ in
                            Self.stringScalars[Int(generator.next() % UInt64(Self.stringScalars.count))]
                        })))
        }
    }
}
