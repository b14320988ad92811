import JSON
import SCIM
import Testing

@testable import App

/// How a group PATCH is split between the group's own attributes and its members, for every shape Entra
/// and the RFC use to change members.
struct SCIMGroupPatchSplitTests {
    private func split(_ operations: String) throws -> ([SCIMPatchOperation], [SCIMGroupEndpoints.MembershipChange]) {
        let body = #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\#(operations)]}"#
        return try SCIMGroupEndpoints.split(try SCIMPatchOperation.operations(of: try JSONNode.parse(Array(body.utf8))))
    }

    private func describe(_ changes: [SCIMGroupEndpoints.MembershipChange]) -> [String] {
        changes.map { change in
            switch change {
            case .add(let ids): "add \(ids)"
            case .remove(let ids): "remove \(ids)"
            case .removeMatching(let filter): "remove matching \(filter)"
            case .removeAll: "remove all"
            case .replace(let ids): "replace \(ids)"
            }
        }
    }

    @Test func everyMemberShapeBecomesAChangeById() throws {
        let (attributes, members) = try split(
            #"""
            {"op": "Add", "path": "members", "value": [{"value": "a"}, {"value": "b"}]},
            {"op": "Remove", "path": "members", "value": [{"value": "a"}]},
            {"op": "Remove", "path": "members[value eq \"b\"]"},
            {"op": "remove", "path": "members[display sw \"Al\"]"},
            {"op": "remove", "path": "members"},
            {"op": "replace", "path": "members", "value": [{"value": "c"}]},
            {"op": "Replace", "value": {"displayName": "new name", "members": [{"value": "d"}]}},
            {"op": "Remove", "value": [{"value": "d"}]}
            """#)
        #expect(
            describe(members) == [
                #"add ["a", "b"]"#, #"remove ["a"]"#, #"remove ["b"]"#, #"remove matching display sw "Al""#, "remove all",
                #"replace ["c"]"#,
                #"replace ["d"]"#, #"remove ["d"]"#,
            ])
        #expect(attributes == [SCIMPatchOperation(kind: .replace, value: .object(["displayName": .string("new name")]))])
    }

    @Test func nestedGroupsAndPartsOfMembersAreRefused() throws {
        #expect(throws: SCIMRequestError.invalidValue("groups cannot be members of groups in Portico")) {
            _ = try split(#"{"op": "add", "path": "members", "value": [{"value": "g", "type": "Group"}]}"#)
        }
        let part = #expect(throws: SCIMRequestError.self) { _ = try split(#"{"op": "replace", "path": "members.display", "value": "x"}"#) }
        #expect(part?.scimType == "invalidPath")
        let filtered = #expect(throws: SCIMRequestError.self) {
            _ = try split(#"{"op": "replace", "path": "members[value eq \"a\"]", "value": {"value": "b"}}"#)
        }
        #expect(filtered?.scimType == "invalidPath")
    }
}
