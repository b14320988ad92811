import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// The directory file's `owner_bounds`: applied, exported so that it applies again as no change, and
/// refused with the field named.
struct OwnerBoundsFileTests {
    static let base = """
        {
          "users": [{"email": "carol@example.com", "display_name": "Carol"}],
          "accounts": [
            {"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com", "ou": "root/service/app/prod",
             "owners": ["carol@example.com"]}
          ],
          "permission_sets": [{"name": "ReadOnlyAccess"}, {"name": "AdministratorAccess"}],
          "settings": {"organisation_domains": ["example.com"], "notify_owner_changes": "on"},
          "owner_bounds": [
            {"account": "111111111111", "permission_sets": ["ReadOnlyAccess"], "groups": false, "users": "organisation"},
            {"ou": "root/service", "permission_sets": ["AdministratorAccess", "ReadOnlyAccess"]}
          ]
        }
        """

    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("owner-bounds")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    @discardableResult
    private func apply(_ text: String, to database: Database) throws -> [String] {
        let plan = try DirectorySync.apply(Array(text.utf8), to: database, clock: .system)
        return plan.lines + [plan.summary(dryRun: false)]
    }

    @Test func boundsAreAppliedExportedAndApplyAgainAsNoChange() throws {
        try withDatabase { database in
            let lines = try apply(Self.base, to: database)
            #expect(lines.contains("create owner bounds account:111111111111"))
            #expect(lines.contains("create owner bounds ou:root/service"))
            let (own, ou, settings) = try database.read { db in
                (
                    try OwnerBoundsStore(db).find(.account("111111111111")), try OwnerBoundsStore(db).find(.ou("root/service")),
                    try SettingsStore(db).ownerSettings()
                )
            }
            let readOnly = try #require(try database.read { try PermissionSetStore($0).find(name: "ReadOnlyAccess") }).id
            #expect(own == OwnerBounds(permissionSetIDs: [readOnly], groups: false, users: .organisation))
            #expect(ou?.permissionSetIDs.count == 2 && ou?.groups == true && ou?.users == OwnerBounds.Users.all)
            #expect(settings.organisationDomains == ["example.com"] && settings.notifyOwnerChanges)

            let exported = try DirectorySync.export(from: database)
            #expect(exported.contains(#""owner_bounds" : ["#))
            #expect(exported.contains(#""users" : "organisation""#))
            #expect(exported.contains(#""organisation_domains" : ["#) && exported.contains(#""notify_owner_changes" : "on""#))
            #expect(try apply(exported, to: database) == ["no changes"])
            #expect(try DirectoryFile.parse(Array(exported.utf8)).ownerBounds?.map(\.key) == ["account:111111111111", "ou:root/service"])
        }
    }

    @Test func changesAreShownFieldByFieldAndAnEmptySectionRemovesEveryBound() throws {
        try withDatabase { database in
            try apply(Self.base, to: database)
            let changed = Self.base.replacingOccurrences(of: #""groups": false, "users": "organisation""#, with: #""users": "none""#)
            let lines = try apply(changed, to: database)
            #expect(lines.first?.hasPrefix("update owner bounds account:111111111111: ") == true)
            #expect(lines.first?.contains("groups") == true && lines.first?.contains("users") == true)
            let events = try database.read { try AuditStore($0).list(AuditStore.Filter(action: "owner_bounds.update"), limit: 10).items }
            #expect(events.map(\.target) == ["account:111111111111"] && events.first?.actor == "apply")
            #expect(
                try apply(#"{"owner_bounds": []}"#, to: database).sorted() == [
                    "2 changes applied", "delete owner bounds account:111111111111", "delete owner bounds ou:root/service",
                ])
            #expect(try database.read { try OwnerBoundsStore($0).all() }.isEmpty)
        }
    }

    @Test func invalidBoundsAreRefusedNamingTheFieldAndChangeNothing() throws {
        try withDatabase { database in
            let text = """
                {
                  "permission_sets": [{"name": "ReadOnlyAccess"}],
                  "owner_bounds": [
                    {"account": "111111111111", "permission_sets": ["ReadOnlyAccess", "Ghost"]},
                    {"ou": "root/x", "permission_sets": [], "users": "vendors"},
                    {"account": "222222222222", "ou": "root", "permission_sets": []},
                    {"ou": "service", "permission_sets": ["ReadOnlyAccess", "ReadOnlyAccess"]},
                    {"groups": "yes", "permission_sets": []},
                    {"ou": "root/y"}
                  ]
                }
                """
            let expected = DirectoryFileError.Invalid([
                DirectoryFileError("$.owner_bounds[0].account", "unknown account 111111111111"),
                DirectoryFileError("$.owner_bounds[0].permission_sets[1]", "unknown permission set Ghost"),
                DirectoryFileError("$.owner_bounds[1].users", "must be all, organisation or none"),
                DirectoryFileError("$.owner_bounds[2].ou", "must not be given with account: bounds are for one account or one OU path"),
                DirectoryFileError("$.owner_bounds[3].ou", "must start with root, as in root/service/app/prod"),
                DirectoryFileError("$.owner_bounds[3].permission_sets[1]", "lists ReadOnlyAccess twice"),
                DirectoryFileError("$.owner_bounds[4].account", "or ou is required"),
                DirectoryFileError("$.owner_bounds[4].groups", "must be true or false"),
                DirectoryFileError("$.owner_bounds[5].permission_sets", "is required"),
            ])
            #expect(throws: expected) { try apply(text, to: database) }
            let created = try database.read { try PermissionSetStore($0).find(name: "ReadOnlyAccess") }
            #expect(created == nil)
        }
    }
}
