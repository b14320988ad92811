import Domain
import TestSupport
import Testing

@testable import Directory

/// Parsing and validating the directory file on its own, before the database is consulted.
struct DirectoryFileTests {
    private func errors(_ text: String) -> [String] { errors(Array(text.utf8)) }

    private func errors(_ bytes: [UInt8]) -> [String] {
        do {
            _ = try DirectoryFile.parse(bytes)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func readsTheSpecExampleWithEverySection() throws {
        let file = try DirectoryFile.parse(Array(DirectorySyncTests.specExample.utf8))
        #expect(file.settings == DirectoryFile.Settings(portalSessionDuration: ISODuration("PT8H"), mfa: .off))
        #expect(file.users?.first?.password == "used only when the user is created")
        #expect(file.groups?.first?.members == ["alice@example.com"])
        #expect(
            file.permissionSets?.first?.inlinePolicy
                == #"{"Statement":[{"Action":"iam:*","Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}"#)
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
              "permission_sets": [{"name": "Admin", "session_duration": "PT13H", "managed_policies": ["nope", 3]}, {"name": "ReadOnly"},
                {"name": "readonly"}],
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
                "$.permission_sets[0].session_duration: must be between 1 hour and 12 hours",
                "$.permission_sets[0].managed_policies[1]: must be a string",
                "$.permission_sets[0].managed_policies[0]: must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess",
                "$.permission_sets[2].name: duplicates $.permission_sets[1]",
                "$.assignments[0]: must name either a user or a group",
            ])
    }

    @Test func reportsWrongTypesForSectionsSettingsAndMaps() {
        #expect(
            errors(#"{"users": {}, "settings": {"mfa": "sometimes", "portal_session_duration": "P91D"}}"#) == [
                "$.settings.portal_session_duration: must be between 15 minutes and 90 days",
                "$.settings.mfa: must be off, always or new-device",
                "$.users: must be an array",
            ])
        #expect(
            errors(
                #"{"groups": [{"name": "g", "members": ["a@example.com", "A@example.com"]}], "permission_sets": [{"name": "P", "inline_policy": "{}", "tags": {"k": 1}}]}"#
            ) == [
                "$.groups[0].members[1]: lists A@example.com twice",
                "$.permission_sets[0].inline_policy: must be a JSON object",
                "$.permission_sets[0].tags.k: must be a string",
            ])
        #expect(errors("[]") == ["$: must be an object"])
    }

    @Test func readsEverySettingInItsCanonicalForm() throws {
        let text = """
            {"settings": {
              "portal_session_duration": "PT480M", "mfa": "new-device", "aws_signin_url": "https://Signin.AmazonAWS-us-gov.com/saml",
              "allowed_console_hosts": ["Console.AmazonAWS-us-gov.com", "console.aws.amazon.com"], "saml_provider_name": "PorticoGov",
              "role_name_pattern": "Portico-{permission_set}", "principal_tag_attributes": ["department", "cost center"],
              "provisioning_role_name": "PorticoGovProvisioning", "provisioning_interval": "PT60M", "notification_webhook_url": "",
              "organisation_domains": ["Example.com"], "notify_owner_changes": "off"
            }}
            """
        let settings = try #require(try DirectoryFile.parse(Array(text.utf8)).settings)
        #expect(settings.keys == PortalSettings.Key.allCases)
        #expect(settings.provisioningInterval == ISODuration("PT1H"))
        #expect(settings.notificationWebhookURL == "")
        #expect(settings.organisationDomains == ["example.com"] && settings.notifyOwnerChanges == false)
        #expect(settings.portalSessionDuration == ISODuration("PT8H"))
        #expect(settings.mfa == .newDevice)
        #expect(settings.awsSignInURL?.text == "https://signin.amazonaws-us-gov.com/saml")
        #expect(settings.allowedConsoleHosts == ["console.amazonaws-us-gov.com", "console.aws.amazon.com"])
        #expect(settings.samlProviderName == "PorticoGov")
        #expect(settings.roleNamePattern == RoleNamePattern("Portico-{permission_set}"))
        #expect(settings.principalTagAttributes == ["department", "cost center"])
        // Only the keys given: the rest stay as they are.
        let one = try #require(try DirectoryFile.parse(Array(#"{"settings": {"saml_provider_name": "P"}}"#.utf8)).settings)
        #expect(one == DirectoryFile.Settings(samlProviderName: "P") && one.keys == [.samlProviderName])
    }

    @Test func reportsEveryInvalidSettingWithItsPath() {
        let text = """
            {"settings": {
              "portal_session_duration": "PT10M", "mfa": "sometimes", "aws_signin_url": "http://signin.aws.amazon.com/saml",
              "allowed_console_hosts": ["console.aws.amazon.com", "evil.example/x"], "saml_provider_name": "has space",
              "role_name_pattern": "Portico", "principal_tag_attributes": ["team", "team"], "colour": "blue"
            }}
            """
        #expect(
            errors(text) == [
                "$.settings.colour: unknown field",
                "$.settings.portal_session_duration: must be between 15 minutes and 90 days",
                "$.settings.mfa: must be off, always or new-device",
                "$.settings.aws_signin_url: must be a full address starting with https://",
                "$.settings.allowed_console_hosts: evil.example/x is not a lowercase host name such as console.aws.amazon.com",
                "$.settings.saml_provider_name: must be 1 to 128 letters, digits or ._-",
                "$.settings.role_name_pattern: must contain {permission_set} exactly once",
                "$.settings.principal_tag_attributes: team is listed twice",
            ])
        let wrongTypes = #"{"settings": {"allowed_console_hosts": "a.example.com", "principal_tag_attributes": ["a", 1], "mfa": false}}"#
        #expect(
            errors(wrongTypes) == [
                "$.settings.mfa: must be a string", "$.settings.allowed_console_hosts: must be an array of strings",
                "$.settings.principal_tag_attributes[1]: must be a string",
            ])
        let noHosts = #"{"settings": {"allowed_console_hosts": []}}"#
        #expect(errors(noHosts) == ["$.settings.allowed_console_hosts: must list at least one host"])
        #expect(errors(#"{"settings": []}"#) == ["$.settings: must be an object"])
    }

    @Test func textThatIsNotJSONIsOneErrorWithItsLineAndColumn() {
        #expect(errors("{nope") == ["$: line 1, column 2: expected a quoted key but found 'n'"])
        let text = """
            {
              "users": [
                {"email": "a@example.com" "display_name": "A"}
              ]
            }
            """
        #expect(errors(text) == [#"$.users[0]: line 3, column 31: expected , or } but found '"'"#])
    }

    /// Each used to be `DecodingError.typeMismatch … Path: groups`, Foundation's words for "something in here".
    @Test(arguments: DirectoryExamples.badInputs)
    func badInputIsNamedForWhatItIsWithLineAndColumn(bytes: [UInt8], message: String) {
        #expect(errors(bytes) == [message])
    }

    @Test func aKeyWrittenTwiceAnywhereRefusesTheWholeFile() {
        #expect(errors(DirectoryExamples.groupsRunTogether) == DirectoryExamples.groupsRunTogetherErrors)
        let text = """
            {"settings": {"mfa": "off", "mfa": "always"},
             "permission_sets": [{"name": "P", "inline_policy": {"Statement": [], "Statement": [{"Effect": "Allow"}]}}]}
            """
        #expect(
            errors(text) == [
                #"$.settings: line 1, column 29: duplicate key "mfa""#,
                #"$.permission_sets[0].inline_policy: line 2, column 71: duplicate key "Statement""#,
            ])
    }

    @Test func atMostFiftyErrorsArePrintedThenHowManyMore() {
        let members = (0..<5_000).map { #""unknown\#($0)": 1"# }.joined(separator: ", ")
        let invalid = DirectoryFileError.Invalid(DirectoryFile.read(Array("{\(members)}".utf8)).errors)
        #expect(invalid.errors.count == 5_000)
        #expect(invalid.lines.count == 51)
        #expect(invalid.lines.first == "$.unknown0: unknown field")
        #expect(invalid.lines.last == "… and 4950 more errors")
        #expect(DirectoryFileError.Invalid(Array(invalid.errors.prefix(51))).lines.last == "… and 1 more error")
        #expect(DirectoryFileError.Invalid(Array(invalid.errors.prefix(50))).lines.count == 50)
    }

    @Test func oddKeysArePathedInBrackets() {
        #expect(
            errors(#"{"users": [{"email": "a@example.com", "display_name": "A", "my key": 1}]}"#) == [
                #"$.users[0]["my key"]: unknown field"#
            ])
    }

    @Test func planLinesQuoteNamesThatAreNotPlain() {
        #expect(DirectoryChange.shown("aws-admins") == "aws-admins")
        #expect(DirectoryChange.shown("<script>\"x\"\n") == #""<script>\"x\"\n""#)
        #expect(DirectoryChange.shown(String(repeating: "a", count: 100)) == String(repeating: "a", count: 80) + "…")
    }
}
