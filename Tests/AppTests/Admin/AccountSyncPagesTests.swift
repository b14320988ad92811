import App
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The account page's "Keep in sync" section, with AWS at a closed loopback port: enrolment, its checks,
/// Sync now, and a failed attempt shown where admins look (the page, the `/start` banner, `/metrics`, the audit log).
struct AccountSyncPagesTests {
    private func run(_ body: (PorticoApp) throws -> Void) throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            try body(app)
        }
    }

    /// Polls the account's own status until `done` says so, for at most `seconds`.
    private func waitForStatus(_ app: PorticoApp, _ accountID: String, seconds: Double = 20, _ done: (ProvisioningStatus) -> Bool) throws
        -> ProvisioningStatus?
    {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let own = try app.database.read { try ProvisioningStore($0).statuses(accountID: accountID) }.first { $0.scope.isEmpty }
            if let own, done(own) { return own }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return nil
    }

    @Test func anAdminEnrolsAnAccountAndAFailedAttemptShowsOnThePageTheBannerAndMetrics() throws {
        try run { app in
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/accounts/111111111111").text
            #expect(page.contains("Keep in sync"))
            let enabled = try root.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/enable", [("role_arn", "")])
            #expect(enabled.status == 303)
            #expect(enabled.header("Location") == "/admin/accounts/111111111111?done=sync-enabled")
            #expect(try app.auditEvents("aws.sync.enable").count == 1)

            // Nothing listens at AWS's address in tests: the attempt fails, and says why.
            let failed = try #require(try waitForStatus(app, "111111111111") { $0.state == .failed })
            #expect(failed.message.contains("could not"), "\(failed.message)")
            #expect(failed.changedBy == "root@example.com")
            let shown = try root.get("/admin/accounts/111111111111").text
            #expect(shown.contains("Failed"))
            #expect(shown.contains("Sync now"))
            #expect(shown.contains("<th scope=\"col\">Role in AWS</th>"), "the assignments table shows each role's state")
            #expect(try root.get("/start").text.contains("1 AWS account could not be kept in sync"))
            let setPage = try root.get("/admin/permission-sets/" + (try app.permissionSetID("ReadOnlyAccess"))).text
            #expect(setPage.contains("Roles in the accounts Portico keeps in sync"))
            #expect(setPage.contains("/admin/accounts/111111111111#aws-sync"))
            let setID = try app.permissionSetID("ReadOnlyAccess")
            let setSync = try root.submit("/admin/permission-sets/" + setID, to: "/admin/permission-sets/\(setID)/sync/now", [])
            #expect(setSync.header("Location") == "/admin/permission-sets/\(setID)?done=sync-requested")
            #expect(!(try DirectoryPages.alice(app).get("/start").text.contains("could not be kept in sync")), "admins only")
            let metrics = try Browser(port: app.server.port).get("/metrics").text
            #expect(metrics.contains("portico_aws_accounts_failed 1"))
            let attempts = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "aws.sync")).items }
            #expect(attempts.first?.outcome == .failure)

            let again = try root.submit("/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/now", [])
            #expect(again.header("Location") == "/admin/accounts/111111111111?done=sync-requested")
            let stopped = try root.submit("/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/disable", [])
            #expect(stopped.status == 303)
            #expect(try app.database.read { try ProvisioningStore($0).enrolments() }.isEmpty)
        }
    }

    @Test func aRoleARNMustBeARoleInThisAccountAndOnlyAdminsEnrol() throws {
        try run { app in
            let root = try DirectoryPages.root(app)
            let wrong = try root.submit(
                "/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/enable",
                [("role_arn", "arn:aws:iam::222222222222:role/PorticoProvisioning")])
            #expect(wrong.status == 422)
            #expect(try app.database.read { try ProvisioningStore($0).enrolments() }.isEmpty)
            let notEnrolled = try root.submit("/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/now", [])
            #expect(notEnrolled.status == 409)

            let carol = try DirectoryPages.carol(app)
            let owner = try carol.submit("/admin/accounts/111111111111", to: "/admin/accounts/111111111111/sync/enable", [("role_arn", "")])
            #expect(owner.status == 403)
            #expect(!(try carol.get("/admin/accounts/111111111111").text.contains("Keep in sync")))
        }
    }
}
