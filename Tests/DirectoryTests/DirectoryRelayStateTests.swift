import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// `portico apply` refuses a relay state a console launch would not open, judged against the console hosts
/// allowed once the file is applied; a stored one is left alone.
struct DirectoryRelayStateTests {
    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("apply-relay-state")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    private func apply(_ text: String, to database: Database) throws -> DirectoryPlan {
        try DirectorySync.apply(Array(text.utf8), to: database, dryRun: false, clock: .system)
    }

    @Test func refusesARelayStateOffTheAllowedConsoleHostsNamingThemAndAppliesNothing() throws {
        try withDatabase { database in
            let text = """
                {"permission_sets": [
                  {"name": "Fine", "relay_state": "https://eu-west-1.console.aws.amazon.com/ec2/home"},
                  {"name": "Phish", "relay_state": "https://console.aws.amazon.com.evil.example/"}
                ]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError(
                        "$.permission_sets[1].relay_state",
                        "permission set Phish: relay state must be a page on an allowed AWS console host (console.aws.amazon.com, "
                            + "console.amazonaws-us-gov.com, console.amazonaws.cn, or a subdomain of one): "
                            + "console.aws.amazon.com.evil.example is not one")
                ])
            ) { try apply(text, to: database) }
            let total = try database.read { try PermissionSetStore($0).list(ListQuery(sort: .name)).total }
            #expect(total == 0)
        }
    }

    @Test func theFilesOwnAllowedHostsAreTheOnesThatCount() throws {
        try withDatabase { database in
            let set = #"{"permission_sets": [{"name": "Custom", "relay_state": "https://console.example.internal/home"}]"#
            #expect(throws: DirectoryFileError.Invalid.self) { try apply(set + "}", to: database) }
            let widened = set + #", "settings": {"allowed_console_hosts": ["console.aws.amazon.com", "console.example.internal"]}}"#
            #expect(try apply(widened, to: database).changes.count == 2)
            let stored = try database.read { try PermissionSetStore($0).find(name: "Custom") }
            #expect(stored?.relayState == "https://console.example.internal/home")
        }
    }

    @Test func aRelayStateStoredBeforeTheCheckStillExportsAndApplies() throws {
        try withDatabase { database in
            try database.write {
                try PermissionSetStore($0).create(PermissionSet(name: "Legacy", relayState: "https://intranet.example.com/"))
            }
            let exported = try DirectorySync.export(from: database)
            #expect(try apply(exported, to: database).changes.isEmpty)
            let described = exported.replacing(/"description" ?: ?""/, with: #""description": "Old""#, maxReplacements: 1)
            #expect(try apply(described, to: database).changes.count == 1)
            let moved = described.replacing("intranet.example.com", with: "wiki.example.com")
            #expect(throws: DirectoryFileError.Invalid.self) { try apply(moved, to: database) }
        }
    }
}
