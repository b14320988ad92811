import JSON
import SCIM
import Testing

/// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): `id` and `schemas` always come back.
struct SCIMProjectionTests {
    private let schema = SCIMUserResource.schema
    private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    private var user: [String: JSONNode] {
        [
            "id": .string("1"), "schemas": .strings(["s"]), "userName": .string("alice"), "displayName": .string("Alice"),
            "name": .object(["givenName": .string("Alice"), "familyName": .string("Liddell")]),
            "emails": .array([.object(["value": .string("a@example.com"), "type": .string("work")])]),
            "groups": .array([.object(["value": .string("g")])]),
            enterprise: .object(["department": .string("Sales"), "division": .string("EU")]),
            "meta": .object(["resourceType": .string("User")]),
        ]
    }

    @Test func attributesKeepOnlyWhatIsAskedPlusIdAndSchemas() throws {
        let projection = try SCIMProjection(
            attributes: "userName, name.familyName,emails.value,\(enterprise):department", excludedAttributes: nil)
        #expect(
            projection.apply(user, schema: schema) == [
                "id": .string("1"), "schemas": .strings(["s"]), "userName": .string("alice"),
                "name": .object(["familyName": .string("Liddell")]),
                "emails": .array([.object(["value": .string("a@example.com")])]), enterprise: .object(["department": .string("Sales")]),
            ])
        #expect(projection.wants("userName", schema: schema))
        #expect(!projection.wants("groups", schema: schema))
    }

    @Test func excludedAttributesDropThemButNeverTheId() throws {
        let projection = try SCIMProjection(attributes: nil, excludedAttributes: "groups,ID,name.givenName")
        var expected = user
        expected["groups"] = nil
        expected["name"] = .object(["familyName": .string("Liddell")])
        #expect(projection.apply(user, schema: schema) == expected)
        #expect(!projection.wants("groups", schema: schema), "Entra's excludedAttributes=members spares reading members")
        #expect(throws: SCIMRequestError.invalidValue("\"a b\" is not an attribute name")) {
            _ = try SCIMProjection(attributes: "a b", excludedAttributes: nil)
        }
    }
}
