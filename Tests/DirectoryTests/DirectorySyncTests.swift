import Crypto
import Domain
import Foundation
import SQLite
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Directory

/// `portico apply` and `portico export` against real temporary databases.
struct DirectorySyncTests {
    static let specExample = DirectoryExamples.spec

    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("apply")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    @discardableResult
    private func apply(_ text: String, to database: Database, dryRun: Bool = false) throws -> [String] {
        let plan = try DirectorySync.apply(Array(text.utf8), to: database, dryRun: dryRun, clock: .system)
        return plan.lines + [plan.summary(dryRun: dryRun)]
    }

    @Test func applyToAnEmptyDatabaseCreatesEverything() throws {
        try withDatabase { database in
            #expect(
                try apply(Self.specExample, to: database) == [
                    "create user alice@example.com", "create group aws-admins", "create account 111111111111",
                    "create permission set AdministratorAccess",
                    "create assignment 111111111111 AdministratorAccess group:aws-admins",
                    "create assignment 111111111111 AdministratorAccess user:alice@example.com", "6 changes applied",
                ])
            try database.read { (db: Connection) throws -> Void in
                let alice = try #require(try UserStore(db).find(email: "ALICE@example.com"))
                #expect(alice.displayName == "Alice Liddell" && alice.attributes == ["department": "eng"] && alice.source == .local)
                let group = try #require(try GroupStore(db).find(name: "aws-admins"))
                #expect(try GroupStore(db).memberIDs(groupID: group.id) == [alice.id])
                #expect(try AccountStore(db).find(id: "111111111111")?.owners == [alice.id])
                let set = try #require(try PermissionSetStore(db).find(name: "AdministratorAccess"))
                #expect(set.inlinePolicy == #"{"Statement":[{"Action":"iam:*","Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}"#)
                #expect(
                    try AssignmentStore(db).mayUse(userID: alice.id, accountID: "111111111111", permissionSetName: "AdministratorAccess"))
            }
        }
    }

    @Test func applyingTheSameFileTwiceChangesNothingTheSecondTime() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            #expect(try apply(Self.specExample, to: database) == ["no changes"])
        }
    }

    @Test func exportThenApplyIsANoOpEvenWithHostileAndJapaneseStrings() throws {
        try withDatabase { database in
            let long = String(repeating: "長い説明", count: 250)
            let hostile = """
                {
                  "users": [
                    {"email": "taro@example.com", "display_name": "山田 太郎 <script>alert(\\"x\\")</script>", "given_name": "太郎", "family_name": "山田"},
                    {"email": "o'brien@example.com", "display_name": "O'Brien \\"Quotes\\" & <b>"}
                  ],
                  "groups": [{"name": "<script>alert(1)</script>", "description": "\(long)", "members": ["TARO@example.com", "o'brien@example.com"]}],
                  "assignments": [],
                  "settings": {"portal_session_duration": "P1DT30M", "role_name_pattern": "Portico-{permission_set}",
                               "allowed_console_hosts": ["Console.AmazonAWS.cn"], "principal_tag_attributes": ["team", "cost center"]}
                }
                """
            try apply(hostile, to: database)
            let exported = try DirectorySync.export(from: database)
            #expect(exported.contains(#""role_name_pattern" : "Portico-{permission_set}""#))
            #expect(exported.contains(#""portal_session_duration" : "P1DT30M""#))
            #expect(exported.contains(#""console.amazonaws.cn""#))
            #expect(exported.contains("山田 太郎 <script>alert(\\\"x\\\")</script>"))
            #expect(exported.contains(long))
            #expect(try apply(exported, to: database) == ["no changes"])
            #expect(try DirectorySync.export(from: database) == exported)
            try database.read { (db: Connection) throws -> Void in
                #expect(try GroupStore(db).find(name: "<script>alert(1)</script>")?.description.count == 1_000)
            }
        }
    }

    /// A user from SCIM may sign in by a name that is no address (JumpCloud's `jdoe`); the export names them
    /// as they are, and applying it again changes nothing, their SCIM-only values included.
    @Test func provisionedUsersRoundTripWhateverTheirSignInName() throws {
        try withDatabase { database in
            let jdoe = User(
                email: "jdoe", displayName: "J Doe", source: .scim, externalID: "42", attributes: ["department": "Ops"],
                contactEmail: "jdoe@example.com", profile: ["phoneNumbers": .array([.object(["value": .string("+1")])])])
            try database.write { db in try UserStore(db).create(jdoe) }
            let exported = try DirectorySync.export(from: database)
            #expect(exported.contains(#""email" : "jdoe""#))
            #expect(try apply(exported, to: database) == ["no changes"])
            #expect(try database.read { try UserStore($0).find(id: jdoe.id) } == jdoe)
            // A local user still needs an address.
            let refused = #expect(throws: DirectoryFileError.Invalid.self) {
                try apply(#"{"users": [{"email": "jdoe2", "display_name": "J"}]}"#, to: database)
            }
            #expect(refused.map { "\($0)" }?.contains("email") == true)
        }
    }

    /// A user an identity provider made at their first sign-in is the provider's, like a SCIM user: a file
    /// whose users section does not name them leaves them alone.
    @Test func usersMadeAtASAMLSignInSurviveAUsersSectionThatDoesNotNameThem() throws {
        try withDatabase { database in
            let jit = User(email: "new@contoso.com", displayName: "New", source: .saml)
            try database.write { db in try UserStore(db).create(jit) }
            try apply(#"{"users": [{"email": "alice@example.com", "display_name": "Alice"}]}"#, to: database)
            #expect(try database.read { try UserStore($0).find(id: jit.id) } != nil)
        }
    }

    @Test func updatesShowEachChangedField() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            let changed = Self.specExample.replacingOccurrences(of: "\"PT1H\"", with: "\"PT2H\"")
                .replacingOccurrences(of: "\"admin\": false", with: "\"admin\": true")
                .replacingOccurrences(of: "\"mfa\": \"off\"", with: "\"mfa\": \"always\"")
            #expect(
                try apply(changed, to: database) == [
                    "update setting mfa: off → always", "update user alice@example.com: admin false → true",
                    "update permission set AdministratorAccess: session_duration PT1H → PT2H", "3 changes applied",
                ])
        }
    }

    static let govCloudSettings = """
        {"settings": {
          "portal_session_duration": "PT12H", "mfa": "always", "aws_signin_url": "https://signin.amazonaws-us-gov.com/saml",
          "allowed_console_hosts": ["console.amazonaws-us-gov.com"], "saml_provider_name": "PorticoGov",
          "role_name_pattern": "Portico-{permission_set}", "principal_tag_attributes": ["department", "cost-center"],
          "provisioning_role_name": "PorticoGovProvisioning", "provisioning_interval": "PT1H",
          "notification_webhook_url": "https://hooks.example.com/portico", "organisation_domains": ["example.com"],
          "notify_owner_changes": "on"
        }}
        """

    @Test func exportWritesEverySettingAtItsEffectiveValue() throws {
        try withDatabase { database in
            let exported = try DirectorySync.export(from: database)
            let file = try DirectoryFile.parse(Array(exported.utf8))
            #expect(file.settings == DirectoryFile.Settings(PortalSettings.defaults))
            #expect(file.settings?.keys == PortalSettings.Key.allCases)
            #expect(exported.contains(#""aws_signin_url" : "https://signin.aws.amazon.com/saml""#))
            #expect(try apply(exported, to: database) == ["no changes"])
            try database.read { (db: Connection) throws -> Void in
                #expect(try db.scalar("SELECT count(*) FROM settings") == 0)
            }
        }
    }

    @Test func everySettingChangesWithOneLineAndOneAuditEventEach() throws {
        try withDatabase { database in
            #expect(
                try apply(Self.govCloudSettings, to: database) == [
                    "update setting portal_session_duration: PT8H → PT12H", "update setting mfa: off → always",
                    "update setting aws_signin_url: https://signin.aws.amazon.com/saml → https://signin.amazonaws-us-gov.com/saml",
                    "update setting allowed_console_hosts: -console.aws.amazon.com -console.amazonaws.cn",
                    "update setting saml_provider_name: Portico → PorticoGov",
                    #"update setting role_name_pattern: "{permission_set}" → "Portico-{permission_set}""#,
                    "update setting principal_tag_attributes: +department +cost-center",
                    "update setting provisioning_role_name: PorticoProvisioning → PorticoGovProvisioning",
                    "update setting provisioning_interval: PT30M → PT1H",
                    #"update setting notification_webhook_url: "" → https://hooks.example.com/portico"#,
                    "update setting organisation_domains: +example.com", "update setting notify_owner_changes: off → on",
                    "12 changes applied",
                ])
            let stored = try database.read { try SettingsStore($0).all() }
            #expect(stored.portalSessionDuration == ISODuration("PT12H") && stored.mfa == .always)
            #expect(stored.federation.signInURL.text == "https://signin.amazonaws-us-gov.com/saml")
            #expect(stored.federation.allowedConsoleHosts == ["console.amazonaws-us-gov.com"])
            #expect(stored.federation.samlProviderName == "PorticoGov")
            #expect(stored.federation.roleNamePattern.roleName(for: "ReadOnly") == "Portico-ReadOnly")
            #expect(stored.federation.principalTagAttributes == ["department", "cost-center"])

            try database.read { (db: Connection) throws -> Void in
                let events = try AuditStore(db).list(limit: 100).items
                #expect(events.count == 12)
                #expect(events.allSatisfy { $0.actor == "apply" && $0.action == "setting.update" })
                #expect(Set(events.map(\.target)) == Set(PortalSettings.Key.allCases.map(\.rawValue)))
                let hosts = try #require(events.first { $0.target == "allowed_console_hosts" })
                #expect(
                    hosts.details
                        == #"{"after":{"allowed_console_hosts":["console.amazonaws-us-gov.com"]},"before":{"allowed_console_hosts":["console.aws.amazon.com","console.amazonaws-us-gov.com","console.amazonaws.cn"]}}"#
                )
            }
            #expect(try apply(Self.govCloudSettings, to: database) == ["no changes"])
            // Only the keys given are compared; the others keep what the first file set.
            #expect(
                try apply(#"{"settings": {"mfa": "new-device", "principal_tag_attributes": []}}"#, to: database) == [
                    "update setting mfa: always → new-device", "update setting principal_tag_attributes: -department -cost-center",
                    "2 changes applied",
                ])
            #expect(try database.read { try SettingsStore($0).all() }.federation.samlProviderName == "PorticoGov")
        }
    }

    @Test func anInvalidSettingChangesNoSettingAtAll() throws {
        try withDatabase { database in
            let text = """
                {"settings": {"mfa": "always", "saml_provider_name": "Portico Gov", "aws_signin_url": "https://signin.aws.amazon.com/saml#x"}}
                """
            let expected = DirectoryFileError.Invalid([
                DirectoryFileError("$.settings.aws_signin_url", "must not have a query or fragment"),
                DirectoryFileError("$.settings.saml_provider_name", "must be 1 to 128 letters, digits or ._-"),
            ])
            #expect(throws: expected) { try apply(text, to: database) }
            #expect(try database.read { try SettingsStore($0).all() } == PortalSettings.defaults)
            try database.read { (db: Connection) throws -> Void in #expect(try AuditStore(db).list().total == 0) }
        }
    }

    @Test func dryRunPrintsThePlanAndChangesNothing() throws {
        try withDatabase { database in
            let before = try DirectorySync.export(from: database)
            let lines = try apply(Self.specExample, to: database, dryRun: true)
            #expect(lines.count == 7 && lines.last == "6 changes planned (dry run: nothing applied)")
            #expect(try DirectorySync.export(from: database) == before)
            try database.read { (db: Connection) throws -> Void in #expect(try AuditStore(db).list().total == 0) }
        }
    }

    @Test func absentSectionsAreLeftAloneAndEmptySectionsDeleteTheirKind() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            #expect(try apply(#"{"settings": {"mfa": "off"}}"#, to: database) == ["no changes"])
            #expect(
                try apply(#"{"groups": []}"#, to: database) == [
                    "delete assignment 111111111111 AdministratorAccess group:aws-admins", "delete group aws-admins", "2 changes applied",
                ])
            #expect(
                try apply(#"{"users": []}"#, to: database) == [
                    "delete assignment 111111111111 AdministratorAccess user:alice@example.com", "delete user alice@example.com",
                    "2 changes applied",
                ])
            try database.read { (db: Connection) throws -> Void in
                #expect(try AccountStore(db).find(id: "111111111111")?.owners == [])
                #expect(try PermissionSetStore(db).find(name: "AdministratorAccess") != nil)
            }
        }
    }

    @Test func scimUsersAndGroupsSurviveAnEmptySectionUnlessNamed() throws {
        try withDatabase { database in
            try database.write { db in
                try UserStore(db).create(User(email: "scim@example.com", displayName: "From Entra", source: .scim))
                try UserStore(db).create(User(email: "local@example.com", displayName: "Local"))
                try GroupStore(db).create(Group(name: "entra-group", source: .scim))
            }
            #expect(try apply(#"{"users": [], "groups": []}"#, to: database) == ["delete user local@example.com", "1 change applied"])
            let named = #"{"users": [{"email": "scim@example.com", "display_name": "Renamed"}]}"#
            #expect(
                try apply(named, to: database) == [
                    #"update user scim@example.com: display_name "From Entra" → Renamed"#, "1 change applied",
                ])
            try database.read { (db: Connection) throws -> Void in
                #expect(try UserStore(db).find(email: "scim@example.com")?.source == .scim)
            }
            let exported = try DirectorySync.export(from: database)
            #expect(exported.contains(#""source" : "scim""#))
            #expect(try apply(exported, to: database) == ["no changes"])
        }
    }

    @Test func anInvalidFileReportsEveryReferenceAndChangesNothing() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            let before = try DirectorySync.export(from: database)
            let text = """
                {
                  "users": [{"email": "bob@example.com", "display_name": "Bob"}],
                  "groups": [{"name": "aws-admins", "members": ["bob@example.com", "alice@example.com"]}],
                  "assignments": [{"account": "123456789012", "permission_set": "Nope", "group": "ghosts"}]
                }
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError("$.groups[0].members[1]", "unknown user alice@example.com"),
                    DirectoryFileError("$.assignments[0]", "unknown account 123456789012"),
                    DirectoryFileError("$.assignments[0]", "unknown permission set Nope"),
                    DirectoryFileError("$.assignments[0]", "unknown group ghosts"),
                ])
            ) { try apply(text, to: database) }
            #expect(try DirectorySync.export(from: database) == before)
        }
    }

    @Test func fieldAndReferenceErrorsAreReportedInOneRunInFileOrder() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            let before = try DirectorySync.export(from: database)
            // Before: only the two field errors, and the unknown account only once they were fixed.
            let text = """
                {
                  "users": [{"email": "bob@example.com", "display_name": "Bob"}, {"email": "carol@example.com", "display_name": 7}],
                  "groups": [{"name": "aws-admins", "members": ["bob@example.com", "carol@example.com", "dave@example.com"]}],
                  "permission_sets": [{"name": "AdministratorAccess", "session_duration": "PT13H"}, {"name": "ReadOnly"}],
                  "assignments": [
                    {"account": "123456789012", "permission_set": "ReadOnly", "user": "bob@example.com"},
                    {"account": "111111111111", "permission_set": "AdministratorAccess", "user": "carol@example.com"},
                    {"account": "111111111111", "permission_set": "ReadOnly", "user": "alice@example.com", "role": "x"}
                  ]
                }
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError("$.users[1].display_name", "must be a string"),
                    DirectoryFileError("$.groups[0].members[2]", "unknown user dave@example.com"),
                    DirectoryFileError("$.permission_sets[0].session_duration", "must be between 1 hour and 12 hours"),
                    DirectoryFileError("$.assignments[0]", "unknown account 123456789012"),
                    DirectoryFileError("$.assignments[2].role", "unknown field"),
                    DirectoryFileError("$.assignments[2]", "unknown user alice@example.com"),
                ])
            ) { try apply(text, to: database) }
            #expect(try DirectorySync.export(from: database) == before)
        }
    }

    /// The report: two groups run together into one object kept one `name`, and the authoritative `groups`
    /// section then deleted the other group and its assignment.
    @Test func aKeyWrittenTwiceRefusesTheFileAndDeletesNothing() throws {
        try withDatabase { database in
            try apply(DirectoryExamples.twoGroups, to: database)
            let before = try DirectorySync.export(from: database)
            #expect(before.contains("auditors"))
            #expect {
                try apply(DirectoryExamples.groupsRunTogether, to: database)
            } throws: { error in
                (error as? DirectoryFileError.Invalid)?.lines == DirectoryExamples.groupsRunTogetherErrors
            }
            #expect(try DirectorySync.export(from: database) == before)
        }
    }

    @Test func referencesIntoASectionThatCannotBeReadAreNotReportedTwice() throws {
        try withDatabase { database in
            let text = """
                {"users": {"email": "bob@example.com"}, "groups": [{"name": "team", "members": ["bob@example.com"]}],
                 "accounts": [{"id": "111111111111", "name": "a", "email": "a@example.com"}],
                 "assignments": [{"account": "111111111111", "permission_set": "Missing", "user": "bob@example.com"}]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError("$.users", "must be an array"),
                    DirectoryFileError("$.assignments[0]", "unknown permission set Missing"),
                ])
            ) { try apply(text, to: database, dryRun: true) }
        }
    }

    @Test func everyChangeWritesAnAuditEventByApplyWithoutThePassword() throws {
        try withDatabase { database in
            try apply(Self.specExample, to: database)
            try database.read { (db: Connection) throws -> Void in
                let events = try AuditStore(db).list(limit: 100).items
                #expect(events.count == 6)
                #expect(events.allSatisfy { $0.actor == "apply" && $0.outcome == .success })
                #expect(
                    Set(events.map(\.action)) == [
                        "user.create", "group.create", "account.create", "permission_set.create", "assignment.create",
                    ])
                #expect(
                    events.contains {
                        $0.action == "user.create" && $0.target == "alice@example.com" && $0.details.contains("Alice Liddell")
                    })
                #expect(!events.contains { $0.details.contains("used only when") })
            }
        }
    }

    @Test func passwordsAreHandedOverOnlyForCreatedUsers() throws {
        try withDatabase { database in
            let received = Mutex<[String]>([])
            let setter: DirectoryPlan.PasswordSetter = { _, userID, password in received.withLock { $0.append("\(userID) \(password)") } }
            let first = #"{"users": [{"email": "a@example.com", "display_name": "A", "password": "first-password"}]}"#
            _ = try DirectorySync.apply(Array(first.utf8), to: database, clock: .system, setPassword: setter)
            let id = try #require(try database.read { db in try UserStore(db).find(email: "a@example.com")?.id })
            #expect(received.withLock { $0 } == ["\(id) first-password"])

            let again =
                #"{"users": [{"email": "a@example.com", "display_name": "A2", "password": "second-password"}, {"email": "b@example.com", "display_name": "B"}]}"#
            _ = try DirectorySync.apply(Array(again.utf8), to: database, clock: .system, setPassword: setter)
            #expect(received.withLock { $0 }.count == 1)
            #expect(!(try DirectorySync.export(from: database)).contains("password"))
        }
    }

    @Test func aCreatedUsersPasswordIsStoredOnlyAsAVerifiableScryptHash() throws {
        try withDatabase { database in
            let file = #"{"users": [{"email": "c@example.com", "display_name": "C", "password": "correct horse battery"}]}"#
            _ = try DirectorySync.apply(Array(file.utf8), to: database, clock: .system)
            let stored = try database.read { db -> String? in
                guard let user = try UserStore(db).find(email: "c@example.com") else { return nil }
                return try CredentialStore(db).passwordHash(userID: user.id)
            }
            let hash = try #require(stored)
            #expect(hash.hasPrefix("$scrypt$"))
            #expect(!hash.contains("correct horse battery"))
            #expect(PasswordHasher().verify("correct horse battery", against: hash))
            #expect(!PasswordHasher().verify("wrong horse battery", against: hash))
        }
    }
}
