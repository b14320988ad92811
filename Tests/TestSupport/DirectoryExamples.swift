/// Directory files more than one test target applies.
package enum DirectoryExamples {
    /// The example of SPEC §8: every section, six changes on an empty database.
    package static let spec = """
        {
          "settings": { "portal_session_duration": "PT8H", "mfa": "off" },
          "users": [
            { "email": "alice@example.com", "display_name": "Alice Liddell", "given_name": "Alice", "family_name": "Liddell",
              "admin": false, "disabled": false, "password": "used only when the user is created", "attributes": { "department": "eng" } }
          ],
          "groups": [ { "name": "aws-admins", "description": "Platform team", "members": ["alice@example.com"] } ],
          "accounts": [
            { "id": "111111111111", "name": "app-prod", "email": "aws+app-prod@example.com", "ou": "root/service/app/prod",
              "environment": "prod", "owners": ["alice@example.com"] }
          ],
          "permission_sets": [
            { "name": "AdministratorAccess", "description": "Full access", "session_duration": "PT1H",
              "relay_state": "https://console.aws.amazon.com/", "managed_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
              "inline_policy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "iam:*", "Resource": "*" }] } }
          ],
          "assignments": [
            { "account": "111111111111", "permission_set": "AdministratorAccess", "group": "aws-admins" },
            { "account": "111111111111", "permission_set": "AdministratorAccess", "user": "alice@example.com" }
          ]
        }
        """
}

extension DirectoryExamples {
    /// Two groups, each with an assignment: what the repeated-key report started from.
    package static let twoGroups = """
        {
          "users": [{ "email": "alice@example.com", "display_name": "Alice" }, { "email": "bob@example.com", "display_name": "Bob" }],
          "groups": [
            { "name": "aws-admins", "members": ["alice@example.com"] },
            { "name": "auditors", "members": ["bob@example.com"] }
          ],
          "accounts": [{ "id": "111111111111", "name": "app-prod", "email": "aws+app-prod@example.com" }],
          "permission_sets": [{ "name": "AdministratorAccess" }, { "name": "ReadOnlyAccess" }],
          "assignments": [
            { "account": "111111111111", "permission_set": "AdministratorAccess", "group": "aws-admins" },
            { "account": "111111111111", "permission_set": "ReadOnlyAccess", "group": "auditors" }
          ]
        }
        """

    /// The report's file: the two groups run together into one object, so `name` and `members` are written
    /// twice. Read with one of each value, the authoritative `groups` section would delete the other group
    /// and its assignment.
    package static let groupsRunTogether = """
        {
          "groups": [
            { "name": "aws-admins", "members": ["alice@example.com"],
              "name": "auditors", "members": ["bob@example.com"] }
          ]
        }
        """

    /// What `apply` says about `groupsRunTogether`.
    package static let groupsRunTogetherErrors = [
        #"$.groups[0]: line 4, column 7: duplicate key "name""#, #"$.groups[0]: line 4, column 27: duplicate key "members""#,
    ]

    /// Bytes that are not a directory file, each with the one error `apply` must print for it: what is
    /// wrong, where, with line and column (each once said `DecodingError.typeMismatch … Path: groups`).
    package static let badInputs: [([UInt8], String)] = [
        (
            Array("{\n  \"groups\": [\n    {\"name\": \"a".utf8) + [0xFF] + Array("b\"}]}".utf8),
            "$.groups[0].name: line 3, column 16: invalid UTF-8 byte 0xFF"
        ),
        (
            Array(#"{"groups": [{"name": "\ud800"}]}"#.utf8),
            #"$.groups[0].name: line 1, column 23: lone surrogate \uD800 in a string: \uD800 to \uDBFF must be followed by \uDC00 to \uDFFF"#
        ),
        (
            Array("{\"groups\": [{\"name\": \"a\u{0}\"}]}".utf8),
            #"$.groups[0].name: line 1, column 24: control character U+0000 must be escaped as \u0000"#
        ),
        (Array(#"{"groups": [{"name": "a", "x": 1e999}]}"#.utf8), "$.groups[0].x: line 1, column 32: number 1e999 is out of range"),
    ]
}
