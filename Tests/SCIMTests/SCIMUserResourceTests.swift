import Domain
import JSON
import SCIM
import Testing

/// A SCIM User read into a Portico user and written back: the sign-in name, the guest's address, and the
/// attributes `principal_tag_attributes` can send to AWS.
struct SCIMUserResourceTests {
    private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    private func read(_ text: String, base: User = User(email: "", displayName: "")) throws -> User {
        let resource = try SCIMResourceReader(schema: SCIMUserResource.schema).canonical(try JSONNode.parse(Array(text.utf8)))
        return try SCIMUserResource.user(from: resource, base: base)
    }

    @Test func anEntraGuestSignsInByUserNameAndKeepsTheirAddress() throws {
        let user = try read(
            #"""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "UserName": "alice_gmail.com#EXT#@contoso.onmicrosoft.com",
             "active": "True", "externalId": "0f1e", "emails": [{"Primary": true, "type": "work", "value": "alice@gmail.com"}],
             "name": {"givenName": "Alice", "familyName": "Guest"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Vendors", "manager": {"value": "m-1"}},
             "title": "Contractor", "password": "never-kept"}
            """#)
        #expect(user.email == "alice_gmail.com#EXT#@contoso.onmicrosoft.com")
        #expect(user.contactEmail == "alice@gmail.com")
        #expect(user.source == .scim && user.isActive && user.externalID == "0f1e")
        #expect(user.displayName == "Alice Guest", "without displayName the name stands in")
        #expect(user.attributes == ["department": "Vendors", "manager": "m-1", "title": "Contractor"])
        #expect(user.validate().isEmpty)
        // …and back, for the next GET.
        let json = SCIMUserResource.json(user, revision: 3, groups: [], base: "https://p.example/scim/v2")
        #expect(json["userName"] == .string(user.email))
        #expect(json[enterprise] == .object(["department": .string("Vendors"), "manager": .object(["value": .string("m-1")])]))
        #expect(json["password"] == nil)
        #expect(json["meta"].flatMap { if case .object(let m) = $0 { m["version"] } else { nil } } == .string(#"W/"3""#))
    }

    @Test func aPutClearsWhatItOmitsButKeepsPorticosOwnFields() throws {
        let before = User(
            email: "bob@example.com", displayName: "Bob", source: .scim, isAdmin: true, attributes: ["department": "Ops", "team": "blue"])
        let after = try read(#"{"userName": "bob@example.com", "active": false}"#, base: before)
        #expect(after.isAdmin, "the admin flag is Portico's")
        #expect(after.attributes == ["team": "blue"], "an attribute the admin set stays; SCIM's department went with the PUT")
        #expect(after.status == .disabled)
        #expect(after.contactEmail == "bob@example.com", "a userName that is an address is the contact address too")
    }

    @Test func wrongTypesAndMissingNamesAreInvalidValues() throws {
        #expect(throws: SCIMRequestError.invalidValue("userName is required")) { _ = try read(#"{"displayName": "X"}"#) }
        #expect(throws: SCIMRequestError.invalidValue("active must be a boolean")) { _ = try read(#"{"userName": "x", "active": 1}"#) }
        #expect(throws: SCIMRequestError.invalidValue("emails must be a list")) { _ = try read(#"{"userName": "x", "emails": "a@b.c"}"#) }
        #expect(throws: SCIMRequestError.invalidValue("name.givenName must be a string")) {
            _ = try read(#"{"userName": "x", "name": {"givenName": 5}}"#)
        }
        // A non-address userName is fine for a provisioned user; it has no contact address then.
        let jdoe = try read(#"{"userName": "jdoe"}"#)
        #expect(jdoe.email == "jdoe" && jdoe.contactEmail == nil && jdoe.displayName == "jdoe" && jdoe.validate().isEmpty)
    }
}
