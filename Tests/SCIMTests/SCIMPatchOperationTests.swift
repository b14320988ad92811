import JSON
import SCIM
import Testing

/// PATCH bodies as Microsoft Entra really sends them, and the ones the RFC refuses.
struct SCIMPatchOperationTests {
    private func operations(_ text: String) throws -> [SCIMPatchOperation] {
        try SCIMPatchOperation.operations(of: try JSONNode.parse(Array(text.utf8)))
    }

    private func body(_ operations: String) -> String {
        #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\#(operations)]}"#
    }

    @Test func readsEntrasShapes() throws {
        // Disabling a user: a capitalised op, and a boolean as a string that the patcher reads by the schema.
        #expect(
            try operations(body(#"{"op": "Replace", "path": "active", "value": "False"}"#))
                == [SCIMPatchOperation(kind: .replace, path: try SCIMPatchPath.parse("active"), value: .string("False"))])
        // Adding and removing group members, by value list and by filter path.
        let members = JSONNode.array([.object(["value": .string("2819c223")])])
        #expect(
            try operations(body(#"{"op": "Add", "path": "members", "value": [{"value": "2819c223"}]}"#))
                == [SCIMPatchOperation(kind: .add, path: try SCIMPatchPath.parse("members"), value: members)])
        #expect(
            try operations(body(#"{"op": "Remove", "path": "members", "value": [{"value": "2819c223"}]}"#))
                == [SCIMPatchOperation(kind: .remove, path: try SCIMPatchPath.parse("members"), value: members)])
        #expect(
            try operations(body(#"{"op": "remove", "path": "members[value eq \"2819c223\"]"}"#))
                == [SCIMPatchOperation(kind: .remove, path: try SCIMPatchPath.parse(#"members[value eq "2819c223"]"#))])
        // Several attributes at once, without a path.
        #expect(
            try operations(
                body(#"{"op": "replace", "value": {"displayName": "Babs", "name": {"givenName": "Barbara"}, "active": "True"}}"#))
                == [
                    SCIMPatchOperation(
                        kind: .replace,
                        value: .object([
                            "displayName": .string("Babs"), "name": .object(["givenName": .string("Barbara")]), "active": .string("True"),
                        ]))
                ])
        // A value filter with a sub-attribute, and several operations in order.
        let two = try operations(
            body(
                #"{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "b@example.com"}, {"op": "add", "path": "title", "value": "Tour Guide"}"#
            ))
        #expect(two.map(\.kind) == [.replace, .add])
        #expect(two.first?.path?.subAttribute == "value")
    }

    @Test(arguments: [
        (#"[]"#, "invalidSyntax", "a PATCH body is a JSON object"),
        (#"{"Operations": [{"op": "add", "path": "title", "value": "x"}]}"#, "invalidSyntax", "schemas must include"),
        (#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}"#, "invalidSyntax", "non-empty Operations"),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "move", "path": "title"}]}"#,
            "invalidSyntax", "op must be add, replace or remove"
        ),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": 7, "value": "x"}]}"#,
            "invalidPath", "path must be a string"
        ),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "emails[type eq", "value": "x"}]}"#,
            "invalidPath", "Operations[0].path: invalid filter"
        ),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "add", "path": "title"}]}"#,
            "invalidValue", "add needs a value"
        ),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "value": "x"}]}"#,
            "invalidValue", "without a path takes an object"
        ),
        (
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove"}]}"#, "noTarget",
            "remove needs a path"
        ),
    ])
    func refusesWhatTheRFCRefuses(text: String, scimType: String, detail: String) {
        #expect {
            try operations(text)
        } throws: { error in
            guard let error = error as? SCIMRequestError else { return false }
            return error.status == 400 && error.scimType == scimType && error.detail.contains(detail)
        }
    }
}
