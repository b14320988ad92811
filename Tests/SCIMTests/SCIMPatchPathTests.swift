import SCIM
import Testing

/// PATCH paths (RFC 7644 §3.5.2) as Microsoft Entra and the RFC write them, and the malformed ones.
struct SCIMPatchPathTests {
    @Test(arguments: [
        ("displayName", "displayName"),
        ("name.givenName", "name.givenName"),
        ("active", "active"),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
        ),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
        ),
        (#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#, #"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#),
        (#"emails[type eq "work"].value"#, #"emails[type eq "work"].value"#),
        (#"addresses[type eq "work"].streetAddress"#, #"addresses[type eq "work"].streetAddress"#),
        (#"phoneNumbers[type eq "mobile" and primary eq true].value"#, #"phoneNumbers[(type eq "mobile" and primary eq true)].value"#),
        (#"emails[type EQ "work"]"#, #"emails[type eq "work"]"#),
    ])
    func parsesAndWritesBack(path: String, written: String) throws {
        let parsed = try SCIMPatchPath.parse(path)
        #expect(parsed.description == written)
        #expect(try SCIMPatchPath.parse(parsed.description) == parsed)
    }

    @Test func separatesTheAttributeItsFilterAndTheSubAttribute() throws {
        let path = try SCIMPatchPath.parse(#"emails[type eq "work"].value"#)
        #expect(path.attribute == SCIMAttributePath(name: "emails"))
        #expect(path.filter == .compare(SCIMAttributePath(name: "type"), .equal, .string("work")))
        #expect(path.subAttribute == "value")
    }

    @Test(arguments: [
        ("", 0, "the path is empty"),
        ("members[", 8, "expected an attribute name"),
        (#"members[value eq "a""#, 20, "expected ] to close the value filter of members"),
        (#"name.givenName[value eq "a"]"#, 14, "a value filter follows an attribute, not a sub-attribute"),
        (#"emails[type eq "work"]."#, 23, "expected a sub-attribute name after ]"),
        (#"emails[type eq "work"]x"#, 22, "expected the end of the path"),
        (#"emails[x[y pr]]"#, 8, "a value path cannot hold another value path"),
        ("display name", 7, "expected the end of the path"),
        ("1st", 0, "1st is not an attribute name"),
    ])
    func refusesMalformedPaths(path: String, offset: Int, reason: String) {
        #expect {
            try SCIMPatchPath.parse(path)
        } throws: { error in
            guard let error = error as? SCIMFilterError else { return false }
            return error.offset == offset && error.reason.contains(reason)
        }
    }
}
