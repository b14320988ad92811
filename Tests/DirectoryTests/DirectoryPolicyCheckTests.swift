import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// `portico apply` refuses policies IAM would refuse, in sets it creates or changes, and nothing else.
struct DirectoryPolicyCheckTests {
    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("apply-policies")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    private func apply(_ text: String, to database: Database) throws -> DirectoryPlan {
        try DirectorySync.apply(Array(text.utf8), to: database, dryRun: false, clock: .system)
    }

    @Test func refusesAMisspeltManagedPolicyAndAPrincipalNamingTheSetAndAppliesNothing() throws {
        try withDatabase { database in
            let text = """
                {"users": [{"email": "bob@example.com", "display_name": "Bob"}],
                 "permission_sets": [
                  {"name": "Fine", "managed_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
                  {"name": "Admin", "managed_policies": ["arn:aws:iam::aws:policy/AdministratorAcess"],
                   "inline_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"}]}}
                 ]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError(
                        "$.permission_sets[1].managed_policies[0]",
                        "permission set Admin: arn:aws:iam::aws:policy/AdministratorAcess does not exist; did you mean AdministratorAccess?"
                    ),
                    DirectoryFileError(
                        "$.permission_sets[1].inline_policy.Statement[0].Principal",
                        "permission set Admin: inline policy Statement[0].Principal is not allowed: an identity policy cannot name a Principal; trust is set by Portico"
                    ),
                ])
            ) { try apply(text, to: database) }
            let total = try database.read { try PermissionSetStore($0).list(ListQuery(sort: .name)).total }
            let bob = try database.read { try UserStore($0).find(email: "bob@example.com") }
            #expect(total == 0 && bob == nil)
        }
    }

    @Test func setsStoredBeforeTheChecksStillExportAndApply() throws {
        try withDatabase { database in
            let legacy = PermissionSet(
                name: "Legacy", managedPolicyARNs: ["arn:aws:iam::aws:policy/MadeUpPolicy"],
                inlinePolicy: #"{"Version":"2012-10-17","Statement":[]}"#)
            try database.write { try PermissionSetStore($0).create(legacy) }
            let exported = try DirectorySync.export(from: database)
            #expect(try apply(exported, to: database).changes.isEmpty)
            // Changing something else is allowed; changing the policies is judged.
            let described = exported.replacing(/"description" ?: ?""/, with: #""description": "Old""#, maxReplacements: 1)
            #expect(described != exported)
            #expect(try apply(described, to: database).changes.count == 1)
            let broken = described.replacing("MadeUpPolicy", with: "ReadOnlyAcces")
            #expect(throws: DirectoryFileError.Invalid.self) { try apply(broken, to: database) }
        }
    }
}
