import Domain
import SQLite
import Storage
import Testing

/// Which accounts Portico provisions, and the status each attempt leaves.
struct ProvisioningStoreTests {
    private func withAccounts(_ body: (TestDatabase) throws -> Void) throws {
        let db = try TestDatabase()
        try db.write { db in
            for (id, name) in [("111111111111", "prod"), ("222222222222", "dev")] {
                try AccountStore(db).create(
                    Account(id: id, name: name, email: "aws+\(name)@example.com", ouPath: "root", environment: name))
            }
        }
        try body(db)
    }

    @Test func onlyEnrolledAccountsGoPendingAndAFailureStaysUntilTheNextAttempt() throws {
        try withAccounts { db in
            try db.write { try ProvisioningStore($0).enable(accountID: "111111111111", roleARN: nil, by: "root@example.com", now: 100) }
            let pending = try db.write {
                try ProvisioningStore($0).markPending(accountIDs: ["111111111111", "222222222222"], by: "apply", now: 110)
            }
            #expect(pending == ["111111111111"], "an account not enrolled keeps its manual template")
            let first = try db.read { try ProvisioningStore($0).statuses(accountID: "111111111111") }
            #expect(first.map(\.state) == [.pending])
            #expect(first.first?.changedBy == "apply")

            try db.write {
                try ProvisioningStore($0).record(
                    accountID: "111111111111",
                    [
                        ProvisioningStatus(
                            accountID: "111111111111", state: .failed, message: "AccessDenied", changedBy: "apply", updatedAt: 120,
                            desiredHash: String(repeating: "e", count: 64)),
                        ProvisioningStatus(accountID: "111111111111", scope: "ps-1", state: .inSync, updatedAt: 120, syncedAt: 120),
                    ])
            }
            #expect(
                try db.read { try ProvisioningStore($0).statuses(accountID: "111111111111") }.first?.desiredHash
                    == String(repeating: "e", count: 64), "the hash of the desired state brought about is kept")
            try db.write { _ = try ProvisioningStore($0).markPending(accountIDs: ["111111111111"], by: "root@example.com", now: 130) }
            let failures = try db.read { try ProvisioningStore($0).failures() }
            #expect(failures.map(\.message) == ["AccessDenied"], "a failure shows until an attempt succeeds")
            #expect(failures.first?.changedBy == "root@example.com")
            #expect(try db.read { try ProvisioningStore($0).statuses(permissionSetID: "ps-1") }.map(\.accountID) == ["111111111111"])
            #expect(try db.read { try ProvisioningStore($0).accountCounts() } == [.failed: 1])
        }
    }

    @Test func anOverriddenRoleIsKeptAndDisablingForgetsTheStatus() throws {
        try withAccounts { db in
            let arn = "arn:aws:iam::222222222222:role/OrgProvisioner"
            try db.write { try ProvisioningStore($0).enable(accountID: "222222222222", roleARN: arn, by: "root@example.com", now: 100) }
            #expect(try db.read { try ProvisioningStore($0).enrolment(accountID: "222222222222") }?.roleARN == arn)
            #expect(try db.read { try ProvisioningStore($0).enrolments() }.map(\.accountID) == ["222222222222"])
            #expect(try db.write { try ProvisioningStore($0).disable(accountID: "222222222222") })
            #expect(try db.read { try ProvisioningStore($0).statuses(accountID: "222222222222") }.isEmpty)
            #expect(throws: (any Error).self) {
                try db.write { try ProvisioningStore($0).enable(accountID: "222222222222", roleARN: "not-an-arn", by: "x", now: 1) }
            }
        }
    }
}
