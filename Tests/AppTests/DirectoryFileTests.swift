import Domain
import Testing

@testable import App

/// Parsing and validating the directory file on its own, before the database is consulted.
struct DirectoryFileTests {
    private func errors(_ text: String) -> [String] {
        do {
            _ = try DirectoryFile.parse(Array(text.utf8))
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func readsTheSpecExampleWithEverySection() throws {
        let file = try DirectoryFile.parse(Array(DirectorySyncTests.specExample.utf8))
        #expect(file.settings == DirectoryFile.Settings(portalSessionDuration: ISODuration("PT8H"), mfa: "off"))
        #expect(file.users?.first?.password == "used only when the user is created")
        #expect(file.groups?.first?.members == ["alice@example.com"])
        #expect(file.permissionSets?.first?.inlinePolicy == #"{"Statement":[],"Version":"2012-10-17"}"#)
        #expect(file.assignments?.map(\.principal) == [.group(name: "aws-admins"), .user(email: "alice@example.com")])
    }

    @Test func absentSectionsStayNilAndEmptyOnesAreEmpty() throws {
        let file = try DirectoryFile.parse(Array(#"{"users": []}"#.utf8))
        #expect(file.users == [])
        #expect(file.groups == nil && file.accounts == nil && file.settings == nil)
    }

    @Test func reportsEveryProblemWithItsPathInOnePass() {
        let text = """
            {
              "users": [
                {"email": "alice@example.com", "display_name": "Alice", "emial": "x"},
                {"email": "ALICE@example.com", "display_name": "Alice again"},
                {"email": "not-an-address", "display_name": "", "admin": "yes"}
              ],
              "permission_sets": [{"name": "Admin", "session_duration": "PT13H", "managed_policies": ["nope", 3]}],
              "accounts": [{"id": "12", "name": "x", "email": "a@b.example", "owners": "alice@example.com"}],
              "assignments": [{"account": "111111111111", "permission_set": "Admin"}],
              "extra": 1
            }
            """
        #expect(
            errors(text) == [
                "$.extra: unknown field",
                "$.users[0].emial: unknown field",
                "$.users[1].email: duplicates $.users[0]",
                "$.users[2].admin: must be true or false",
                "$.users[2].email: must contain exactly one @",
                "$.users[2].display_name: must not be empty",
                "$.accounts[0].owners: must be an array of strings",
                "$.accounts[0].id: must be exactly 12 digits",
                "$.permission_sets[0].session_duration: must be between PT1H and PT12H",
                "$.permission_sets[0].managed_policies[1]: must be a string",
                "$.permission_sets[0].managed_policies[0]: must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess",
                "$.assignments[0]: must name either a user or a group",
            ])
    }

    @Test func reportsWrongTypesForSectionsSettingsAndMaps() {
        #expect(errors(#"{"users": {}, "settings": {"mfa": "sometimes", "portal_session_duration": "P91D"}}"#) == [
            "$.settings.portal_session_duration: must be between PT15M and P90D",
            "$.settings.mfa: must be off, always or new-device",
            "$.users: must be an array",
        ])
        #expect(errors(#"{"groups": [{"name": "g", "members": ["a@example.com", "A@example.com"]}], "permission_sets": [{"name": "P", "inline_policy": "{}", "tags": {"k": 1}}]}"#) == [
            "$.groups[0].members[1]: lists A@example.com twice",
            "$.permission_sets[0].inline_policy: must be a JSON object",
            "$.permission_sets[0].tags.k: must be a string",
        ])
        #expect(errors("[]") == ["$: must be an object"])
    }

    @Test func textThatIsNotJSONIsOneErrorAtTheRoot() {
        let found = errors("{nope")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("$: not valid JSON") == true)
    }

    @Test func oddKeysArePathedInBrackets() {
        #expect(errors(#"{"users": [{"email": "a@example.com", "display_name": "A", "my key": 1}]}"#) == [#"$.users[0]["my key"]: unknown field"#])
    }

    @Test func planLinesQuoteNamesThatAreNotPlain() {
        #expect(DirectoryChange.shown("aws-admins") == "aws-admins")
        #expect(DirectoryChange.shown("<script>\"x\"\n") == #""<script>\"x\"\n""#)
        #expect(DirectoryChange.shown(String(repeating: "a", count: 100)) == String(repeating: "a", count: 80) + "…")
    }
}
