import Domain
import JSON
import SCIM
import TestSupport
import Testing

/// Seeded fuzzing of whole PATCH requests against a user: random operations with random paths and values
/// of every JSON type either apply, with a result that reads back as a user or is refused as a SCIM error,
/// or are refused themselves; none crashes, and a refused operation never half-applies (the patcher
/// returns a new resource or throws).
struct SCIMPatchFuzzTests {
    private static let rounds = 3_000
    private static let paths = [
        "userName", "displayName", "active", "title", "name", "name.givenName", "name.formatted", "emails", "emails.value",
        #"emails[type eq "work"]"#, #"emails[type eq "work"].value"#, #"emails[value co "@"].primary"#, "phoneNumbers",
        #"phoneNumbers[type eq "mobile" and primary eq true].value"#, "groups", "id", "meta", "externalId", "addresses",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ]

    private func randomValue(_ generator: inout SeededGenerator, depth: Int) -> JSONNode {
        switch generator.next() % (depth > 2 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .number(Double(Int(generator.next() % 200) - 100))
        case 3: return .string(["", "True", "False", "a@b.example", "x y", "#EXT#", "é😀"][Int(generator.next() % 7)])
        case 4: return .string("v\(generator.next() % 10)")
        case 5:
            return .array((0..<Int(generator.next() % 3)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            let keys = ["value", "type", "primary", "givenName", "members", "department", "Display", "displayName", "active"]
            var fields: [String: JSONNode] = [:]
            for _ in 0..<Int(generator.next() % 4) {
                fields[keys[Int(generator.next() % UInt64(keys.count))]] = randomValue(&generator, depth: depth + 1)
            }
            return .object(fields)
        }
    }

    @Test func randomOperationsApplyOrAreRefusedWithoutCrashing() throws {
        var generator = SeededGenerator(seed: 17)
        let base = User(
            email: "alice@example.com", displayName: "Alice", givenName: "Alice", source: .scim, attributes: ["department": "Ops"],
            contactEmail: "alice@example.com",
            profile: [
                "emails": .array([.object(["value": .string("alice@example.com"), "type": .string("work"), "primary": .bool(true)])])
            ])
        let resource = SCIMUserResource.json(base, revision: 1, groups: nil, base: "https://p.example/scim/v2")
        let patcher = SCIMPatcher(schema: SCIMUserResource.schema)
        var applied = 0
        var refused = 0
        for _ in 0..<Self.rounds {
            var operations: [JSONNode] = []
            for _ in 0..<1 + Int(generator.next() % 3) {
                var fields: [String: JSONNode] = ["op": .string(["add", "Replace", "remove", "copy"][Int(generator.next() % 4)])]
                if generator.next() % 5 != 0 { fields["path"] = .string(Self.paths[Int(generator.next() % UInt64(Self.paths.count))]) }
                if generator.next() % 4 != 0 { fields["value"] = randomValue(&generator, depth: 0) }
                operations.append(.object(fields))
            }
            let body = JSONNode.object([
                "schemas": .strings([SCIMPatchOperation.messageSchema]), "Operations": .array(operations),
            ])
            do {
                let patched = try patcher.apply(try SCIMPatchOperation.operations(of: body), to: resource)
                let user = try SCIMUserResource.user(from: patched, base: base)
                #expect(user.id == base.id && user.source == .scim)
                applied += 1
            } catch {
                #expect(error.status == 400, "\(body.text()): \(error)")
                refused += 1
            }
        }
        // Both sides were exercised, so the fuzzing reached the patcher and the mapping.
        #expect(applied > Self.rounds / 10 && refused > Self.rounds / 10, "applied \(applied), refused \(refused)")
    }
}
