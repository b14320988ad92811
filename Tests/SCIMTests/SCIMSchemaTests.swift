import JSON
import SCIM
import Testing

/// The schemas Portico publishes and the characteristics filters go by.
struct SCIMSchemaTests {
    @Test func caseExactnessFollowsRFC7643() {
        #expect(SCIMSchema.user.isCaseExact("id") && SCIMSchema.user.isCaseExact("externalid"))
        #expect(!SCIMSchema.user.isCaseExact("username"), "userName is case-insensitive, as sign-in is")
        #expect(!SCIMSchema.user.isCaseExact("emails.value"))
        #expect(!SCIMSchema.user.isCaseExact("nosuchattribute"))
        #expect(SCIMSchema.user.attribute("USERNAME")?.uniqueness == .server)
    }

    @Test func theDocumentsCarryWhatClientsReadFromThem() throws {
        guard case .object(let user) = SCIMSchema.user.json(baseURL: "https://portico.example.com") else {
            Issue.record("not an object")
            return
        }
        #expect(user["id"] == .string("urn:ietf:params:scim:schemas:core:2.0:User"))
        guard case .array(let attributes)? = user["attributes"] else {
            Issue.record("no attributes")
            return
        }
        let userName = attributes.first { if case .object(let a) = $0 { a["name"] == .string("userName") } else { false } }
        #expect(
            userName
                == .object([
                    "name": .string("userName"), "type": .string("string"), "multiValued": .bool(false),
                    "description": .string("Unique identifier for the user, used to sign in"), "required": .bool(true),
                    "caseExact": .bool(false), "mutability": .string("readWrite"), "returned": .string("default"),
                    "uniqueness": .string("server"),
                ]))
        #expect(SCIMSchema.all.map(\.id).count == Set(SCIMSchema.all.map(\.id)).count)
        #expect(SCIMSchema.group.attribute("members")?.subAttribute("type")?.canonicalValues == ["User"])
    }
}
