import JSON
import SCIM
import Testing

/// Filters applied to Barbara Jensen, RFC 7643's example user, with Microsoft Entra's habits added.
struct SCIMFilterEvaluatorTests {
    static let bjensen = try! JSONNode.parse(
        Array(
            #"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "701984",
              "userName": "bjensen@example.com",
              "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
              "displayName": "Babs Jensen",
              "title": "",
              "active": true,
              "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
              ],
              "phoneNumbers": [],
              "meta": {"lastModified": "2011-05-13T04:42:34Z", "resourceType": "User"},
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984", "department": "Tour Operations", "manager": {"value": "26118915"}
              },
              "loginCount": 42
            }
            """#.utf8))

    /// `id` and `externalId` compare case-exactly (RFC 7643 §3.1); `userName` and the rest do not.
    static let evaluator = SCIMFilterEvaluator(caseExact: { ["id", "externalid"].contains($0) })

    @Test(arguments: [
        (#"userName eq "bjensen@example.com""#, true),
        (#"USERNAME eq "BJENSEN@EXAMPLE.COM""#, true),
        (#"id eq "2819C223-7F76-453A-919D-413861904646""#, false),
        (#"externalId eq "701984""#, true),
        (#"name.familyName co "ens""#, true),
        (#"name.givenName sw "barb""#, true),
        (#"displayName ew "jensen""#, true),
        ("title pr", false),
        ("phoneNumbers pr", false),
        ("name pr", true),
        ("nickName pr", false),
        (#"emails co "jensen.org""#, true),
        (#"emails[type eq "work" and value co "@example.com"]"#, true),
        (#"emails[type eq "home" and value co "@example.com"]"#, false),
        (#"emails.type eq "home""#, true),
        (#"emails[primary eq true and value ew "example.com"]"#, true),
        (#"emails[primary eq true and type eq "home"]"#, false),
        (#"meta.lastModified gt "2011-05-13T04:42:33Z""#, true),
        (#"meta.lastModified lt "2011-05-13T04:42:34Z""#, false),
        ("loginCount ge 42", true),
        ("loginCount gt 42", false),
        ("active eq true", true),
        (#"active eq "False""#, false),
        (#"active eq "True""#, true),
        ("active gt false", false),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#, true),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915""#, true),
        (#"userType eq "Employee" or userName sw "bj""#, true),
        (#"not (userName sw "bj")"#, false),
        (#"nickName eq null"#, true),
        (#"userName ne null"#, true),
        (#"title ne "x""#, true),
        (#"emails.value ne "babs@jensen.org""#, false),
        ("userName eq 42", false),
    ])
    func matchesAsTheRFCSays(filter: String, expected: Bool) throws {
        #expect(Self.evaluator.matches(try SCIMFilter.parse(filter), Self.bjensen) == expected, "\(filter)")
    }

    /// `attr[filter].sub` is a PATCH path, not a filter: a filter says the same with the bracket alone.
    @Test func aSubAttributeAfterTheBracketsIsAPathNotAFilter() {
        #expect(throws: SCIMFilterError.self) { try SCIMFilter.parse(#"emails[primary eq true].value eq "x""#) }
    }
}
