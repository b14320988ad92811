import SCIM
import Testing

/// The filter grammar of RFC 7644 §3.4.2.2: the RFC's own examples, the shapes Microsoft Entra sends, and
/// the ways a filter can be wrong, each named with its position.
struct SCIMFilterTests {
    private static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test(arguments: [
        // RFC 7644 §3.4.2.2, the example filters.
        (#"userName eq "bjensen""#, #"userName eq "bjensen""#),
        (#"name.familyName co "O'Malley""#, #"name.familyName co "O'Malley""#),
        (#"userName sw "J""#, #"userName sw "J""#),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#, #"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#),
        ("title pr", "title pr"),
        (#"meta.lastModified gt "2011-05-13T04:42:34Z""#, #"meta.lastModified gt "2011-05-13T04:42:34Z""#),
        (#"title pr and userType eq "Employee""#, #"(title pr and userType eq "Employee")"#),
        (#"title pr or userType eq "Intern""#, #"(title pr or userType eq "Intern")"#),
        (
            #"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            #"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))"#
        ),
        (
            #"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            #"(userType ne "Employee" and not ((emails co "example.com" or emails.value co "example.org")))"#
        ),
        (
            #"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            #"(userType eq "Employee" and emails[(type eq "work" and value co "@example.com")])"#
        ),
        (
            #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            #"(emails[(type eq "work" and value co "@example.com")] or ims[(type eq "xmpp" and value co "@foo.com")])"#
        ),
        // `and` binds tighter than `or`; `not` takes a parenthesised filter.
        ("a eq 1 or b eq 2 and c eq 3", "(a eq 1 or (b eq 2 and c eq 3))"),
        ("(a eq 1 or b eq 2) and c eq 3", "((a eq 1 or b eq 2) and c eq 3)"),
        ("not(a pr) and b pr", "(not (a pr) and b pr)"),
        // What Entra sends: guests' user principal names, the enterprise extension, operators in capitals.
        (#"userName eq "user_guest.com#EXT#@tenant.onmicrosoft.com""#, #"userName eq "user_guest.com#EXT#@tenant.onmicrosoft.com""#),
        (#"externalId eq "2819c223-7f76-453a-919d-413861904646""#, #"externalId eq "2819c223-7f76-453a-919d-413861904646""#),
        (#"displayName eq "aws-admins""#, #"displayName eq "aws-admins""#),
        (#"\#(enterprise):employeeNumber eq "701984""#, #"\#(enterprise):employeeNumber eq "701984""#),
        (
            #"\#(enterprise):manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
            #"\#(enterprise):manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#
        ),
        (#"userName EQ "x" AND active Eq True"#, #"(userName eq "x" and active eq true)"#),
        (#"members[value eq "2819c223"]"#, #"members[value eq "2819c223"]"#),
        // Values: JSON strings with escapes, numbers, literals; extra spaces.
        (#"displayName eq "a \"quoted\" \\ name\u00e9""#, #"displayName eq "a \"quoted\" \\ nameé""#),
        ("x gt 10", "x gt 10"),
        ("x le -1.5e3", "x le -1500"),
        ("x eq null", "x eq null"),
        ("x ne false", "x ne false"),
        ("  a   eq   1   and   b pr  ", "(a eq 1 and b pr)"),
        ("members[$ref pr]", "members[$ref pr]"),
    ])
    func parsesAndWritesBack(filter: String, written: String) throws {
        let parsed = try SCIMFilter.parse(filter)
        #expect(parsed.description == written)
        #expect(try SCIMFilter.parse(parsed.description) == parsed, "the written form parses to the same filter")
    }

    @Test func keepsSchemaNameAndSubAttributeApart() throws {
        let filter = try SCIMFilter.parse(#"\#(Self.enterprise):manager.value eq "x""#)
        guard case .compare(let path, .equal, .string("x")) = filter else {
            Issue.record("\(filter)")
            return
        }
        #expect(path == SCIMAttributePath(schema: Self.enterprise, name: "manager", subAttribute: "value"))
        #expect(path.key == "manager.value")
        #expect(try SCIMFilter.parse(#"USERNAME eq "a""#) != SCIMFilter.parse(#"userName eq "a""#), "names keep their case")
    }

    @Test(arguments: [
        ("", 0, "the filter is empty"),
        ("userName", 8, "expected a space and an operator after userName"),
        ("userName eq", 11, "expected a space and a value after eq"),
        ("userName eq bjensen", 12, "expected a value (a quoted string, a number, true, false or null)"),
        (#"userName eq "unterminated"#, 12, "the string that starts here has no closing quote"),
        ("(userName pr", 12, "expected ) to close"),
        ("userName pr)", 11, "expected and, or or the end of the filter, found ')'"),
        ("not userName pr", 4, "expected an operator"),
        (#"emails[type eq "work""#, 21, "expected ] to close the value path of emails"),
        ("emails[x[y pr]]", 8, "a value path cannot hold another value path"),
        ("1abc eq 1", 0, "1abc is not an attribute name"),
        ("userName xx 1", 9, "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after userName, found 'x'"),
        (#"userName eq "a" and"#, 19, "expected an attribute name, found the end of the filter"),
        ("http://example.com:x eq 1", 0, "is not an attribute: a schema must be a URN"),
        ("a.b.c eq 1", 0, "a.b.c is not an attribute name"),
        ("x eq 01", 5, "01 is not a valid JSON value"),
        (#"x eq "\q""#, 5, "is not a valid JSON value"),
        ("x eq 1e999", 5, "1e999 is not a valid JSON value"),
        (#"x eq "a" or"#, 11, "expected an attribute name"),
        (#"x eq "\"#, 5, "the string that starts here has no closing quote"),
    ])
    func refusesMalformedFiltersNamingWhereAndWhy(filter: String, offset: Int, reason: String) {
        #expect {
            try SCIMFilter.parse(filter)
        } throws: { error in
            guard let error = error as? SCIMFilterError else { return false }
            return error.offset == offset && error.reason.contains(reason)
        }
    }

    @Test func boundsLengthAndNesting() {
        let deep = String(repeating: "(", count: 40) + "a pr" + String(repeating: ")", count: 40)
        #expect(throws: SCIMFilterError.self) { try SCIMFilter.parse(deep) }
        let shallow = String(repeating: "(", count: 20) + "a pr" + String(repeating: ")", count: 20)
        #expect(throws: Never.self) { try SCIMFilter.parse(shallow) }
        let long = "displayName eq \"" + String(repeating: "x", count: 5_000) + "\""
        #expect(throws: SCIMFilterError(offset: 4_096, reason: "longer than 4096 characters")) { try SCIMFilter.parse(long) }
    }
}
