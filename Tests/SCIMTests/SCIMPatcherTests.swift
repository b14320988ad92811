import JSON
import SCIM
import Testing

/// PATCH applied to a user's JSON: every target kind of RFC 7644 §3.5.2 and the shapes Entra sends.
struct SCIMPatcherTests {
    private let patcher = SCIMPatcher(schema: SCIMUserResource.schema)
    private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    private func json(_ text: String) throws -> [String: JSONNode] {
        guard case .object(let members) = try JSONNode.parse(Array(text.utf8)) else { throw Failure() }
        return members
    }

    private func patch(_ resource: String, _ operations: String) throws -> [String: JSONNode] {
        let body = #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\#(operations)]}"#
        return try patcher.apply(try SCIMPatchOperation.operations(of: try JSONNode.parse(Array(body.utf8))), to: try json(resource))
    }

    struct Failure: Error {}

    private let alice = #"""
        {"id": "1", "userName": "alice@example.com", "displayName": "Alice", "active": true,
         "name": {"givenName": "Alice", "familyName": "Liddell"},
         "emails": [{"value": "alice@example.com", "type": "work", "primary": true}, {"value": "a@home.example", "type": "home"}]}
        """#

    @Test func entrasUserUpdatesLandInTheirAttributes() throws {
        let patched = try patch(
            alice,
            #"""
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "alice@new.example"},
            {"op": "Replace", "path": "name.givenName", "value": "Alicia"},
            {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Sales"},
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Replace", "path": "displayName", "value": "Alicia L"}
            """#)
        #expect(
            patched["emails"]
                == .array([
                    .object(["value": .string("alice@new.example"), "type": .string("work"), "primary": .bool(true)]),
                    .object(["value": .string("a@home.example"), "type": .string("home")]),
                ]))
        #expect(patched["name"] == .object(["givenName": .string("Alicia"), "familyName": .string("Liddell")]))
        #expect(patched[enterprise] == .object(["department": .string("Sales")]))
        #expect(patched["active"] == .bool(false))
        #expect(patched["displayName"] == .string("Alicia L"))
    }

    @Test func aFilteredSubAttributeWithNoMatchAddsTheValueItDescribes() throws {
        let patched = try patch(
            #"{"userName": "bob"}"#, #"{"op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 555"}"#)
        #expect(patched["phoneNumbers"] == .array([.object(["type": .string("mobile"), "value": .string("+1 555")])]))
        // Without equalities to build a value from, there is nothing to aim at.
        let error = #expect(throws: SCIMRequestError.self) {
            _ = try patch(alice, #"{"op": "Replace", "path": "emails[value co \"zzz\"]", "value": {"value": "y"}}"#)
        }
        #expect(error?.scimType == "noTarget")
    }

    @Test func pathlessValuesMayNameSubAttributesAndExtensions() throws {
        let patched = try patch(
            alice,
            #"""
            {"op": "replace", "value": {"name.familyName": "L", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "42",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"division": "EU"}, "Title": "Engineer"}}
            """#)
        #expect(patched["name"] == .object(["givenName": .string("Alice"), "familyName": .string("L")]))
        #expect(patched[enterprise] == .object(["costCenter": .string("42"), "division": .string("EU")]))
        #expect(patched["title"] == .string("Engineer"), "attribute names are case-insensitive and stored as the schema spells them")
    }

    @Test func multiValuedAttributesAddReplaceAndRemove() throws {
        let added = try patch(alice, #"{"op": "add", "path": "emails", "value": [{"value": "third@example.com", "primary": true}]}"#)
        guard case .array(let emails)? = added["emails"] else { throw Failure() }
        #expect(emails.count == 3)
        #expect(
            emails.filter { if case .object(let f) = $0 { return f["primary"] == .bool(true) } else { return false } }.count == 1,
            "only the newest primary stays primary")
        let replaced = try patch(alice, #"{"op": "replace", "path": "emails", "value": [{"value": "only@example.com"}]}"#)
        #expect(replaced["emails"] == .array([.object(["value": .string("only@example.com")])]))
        let removedOne = try patch(alice, #"{"op": "remove", "path": "emails[type eq \"home\"]"}"#)
        #expect(
            removedOne["emails"]
                == .array([.object(["value": .string("alice@example.com"), "type": .string("work"), "primary": .bool(true)])]))
        let removedAll = try patch(alice, #"{"op": "remove", "path": "emails"}"#)
        #expect(removedAll["emails"] == nil)
        let removedSub = try patch(alice, #"{"op": "remove", "path": "name.givenName"}"#)
        #expect(removedSub["name"] == .object(["familyName": .string("Liddell")]))
    }

    @Test func readOnlyAttributesAreRefusedAndUnknownOnesSkipped() throws {
        #expect(throws: SCIMRequestError(status: 400, scimType: "mutability", detail: "groups is read-only")) {
            _ = try patch(alice, #"{"op": "add", "path": "groups", "value": [{"value": "g"}]}"#)
        }
        #expect(throws: SCIMRequestError(status: 400, scimType: "mutability", detail: "id is read-only")) {
            _ = try patch(alice, #"{"op": "replace", "path": "id", "value": "2"}"#)
        }
        // Entra's default mapping sends addresses, which Portico does not keep: skipped, the rest applied.
        let patched = try patch(
            alice,
            #"{"op": "Add", "path": "addresses[type eq \"work\"].formatted", "value": "1 Main St"}, {"op": "Replace", "path": "title", "value": "CTO"}"#
        )
        #expect(patched["addresses"] == nil)
        #expect(patched["title"] == .string("CTO"))
        // A filter on a single-valued attribute is a bad path.
        #expect(throws: SCIMRequestError.self) {
            _ = try patch(alice, #"{"op": "replace", "path": "name[givenName eq \"A\"]", "value": {}}"#)
        }
    }

    /// Entra's "True" and "False" are booleans only where the schema says the attribute is one.
    @Test func stringBooleansAreReadOnlyForBooleanAttributes() throws {
        let patched = try patch(
            alice,
            #"""
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Replace", "path": "title", "value": "False"},
            {"op": "Replace", "path": "emails[type eq \"home\"].primary", "value": "True"},
            {"op": "replace", "value": {"displayName": "True", "nickName": "True"}}
            """#)
        #expect(patched["active"] == .bool(false))
        #expect(patched["title"] == .string("False"))
        #expect(patched["displayName"] == .string("True"))
        guard case .array(let emails)? = patched["emails"], case .object(let home) = emails[1], case .object(let work) = emails[0] else {
            throw Failure()
        }
        #expect(home["primary"] == .bool(true) && work["primary"] == .bool(false), "the new primary takes over")
    }

    /// A path naming the whole enterprise extension, as scim2-tester and some providers send it.
    @Test func aPathMayNameAWholeExtension() throws {
        let added = try patch(
            alice, #"{"op": "add", "path": "\#(enterprise)", "value": {"department": "Maths", "employeeNumber": "1815"}}"#)
        #expect(added[enterprise] == .object(["department": .string("Maths"), "employeeNumber": .string("1815")]))
        let replaced = try patch(
            #"{"userName": "a", "\#(enterprise)": {"department": "Maths", "division": "EU"}}"#,
            #"{"op": "replace", "path": "\#(enterprise)", "value": {"department": "Physics"}}"#)
        #expect(replaced[enterprise] == .object(["department": .string("Physics"), "division": .string("EU")]))
        let removed = try patch(
            #"{"userName": "a", "\#(enterprise)": {"department": "Maths"}}"#, #"{"op": "remove", "path": "\#(enterprise)"}"#)
        #expect(removed[enterprise] == nil)
        #expect(throws: SCIMRequestError.self) { _ = try patch(alice, #"{"op": "add", "path": "\#(enterprise)", "value": "Maths"}"#) }
    }
}
