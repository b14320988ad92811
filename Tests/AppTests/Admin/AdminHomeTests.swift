import App
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The admin's home: a first-run checklist whose steps follow what the database shows, each leading to its page.
struct AdminHomeTests {
    static let onlyRoot = """
        {"users": [{"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true}]}
        """

    /// The ids of the steps the page shows as done.
    static func doneSteps(_ html: String) -> [String] {
        html.matches(of: /class="checklist-step checklist-done" id="step-([a-z-]+)"/).map { String($0.1) }
    }

    @Test func aNewPortalShowsEveryStepToDoWithItsPageAndWarnsOfALocalBaseURL() throws {
        try withPortico { app, _ in
            try app.apply(Self.onlyRoot)
            let root = try DirectoryPages.root(app)
            let home = try root.get("/admin")
            #expect(home.status == 200)
            #expect(Self.doneSteps(home.text).isEmpty)
            #expect(home.text.contains("0 of 6 steps done"))
            #expect(home.text.contains("The base URL is http://127.0.0.1:"))
            for link in [
                "/admin/aws", "/admin/accounts/new", "/admin/permission-sets/new", "/admin/settings#mfa-policy", "/admin/provisioning",
            ] {
                #expect(home.text.contains(#"href="\#(link)""#), "\(link)")
            }
            // How AWS comes to trust Portico is readable before any account exists.
            let aws = try root.get("/admin/aws")
            #expect(aws.status == 200)
            #expect(aws.text.contains("/admin/aws/bootstrap.json") && aws.text.contains("/saml/metadata"))
            // An admin without access is pointed at the checklist from the start page.
            #expect(try root.get("/start").text.contains("the getting-started checklist"))
        }
    }

    @Test func stepsTurnDoneAsTheDirectoryAndSettingsShowThem() throws {
        try withPortico(baseURL: "https://portal.example.com") { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            #expect(Self.doneSteps(try root.get("/admin").text) == ["base-url", "account", "permission-set", "assignment"])

            try app.database.write { db in
                let admins = try #require(try GroupStore(db).find(name: "developers"))
                try GroupStore(db).setMFARule(groupID: admins.id, rule: .required)
                try AuditStore(db).append(
                    AuditEvent(
                        time: "2026-12-06T10:00:00.000Z", actor: "alice@example.com", action: "credentials.issue", target: "x",
                        outcome: .success, ip: "", requestID: "", details: "{}"))
            }
            let home = try root.get("/admin").text
            #expect(Self.doneSteps(home) == ["base-url", "aws-trust", "account", "permission-set", "assignment", "mfa"])
            #expect(home.contains("Portico is set up"))
            // Optional steps stay to do without holding the rest back.
            #expect(home.contains(#"id="step-scim""#) && !home.contains("0 of"))
        }
    }

    /// A console launch proves nothing about AWS (Portico never hears whether AWS took the assertion), and saving
    /// the settings form chooses the MFA mode even when it stays `off`.
    @Test func aConsoleLaunchDoesNotTickAWSTrustButSavingTheSettingsTicksMFA() throws {
        try withPortico(baseURL: "https://portal.example.com") { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let launched = try DirectoryPages.alice(app).get("/start/console?account_id=111111111111&role_name=ReadOnlyAccess")
            #expect(launched.status == 200 && launched.text.contains("SAMLResponse"))
            #expect(!Self.doneSteps(try root.get("/admin").text).contains("aws-trust"))

            let saved = try root.submit("/admin/settings", to: "/admin/settings", AdminSettingsPagesTests.fields([:]))
            #expect(saved.status == 303)
            #expect(try app.database.read { try SettingsStore($0).mfaMode() } == .off)
            #expect(Self.doneSteps(try root.get("/admin").text).contains("mfa"))
        }
    }

    /// The account page's AWS setup downloads warn while the base URL is local, and not once it is public.
    @Test func theAccountPageWarnsBeforeSetupIsDownloadedForALocalBaseURL() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let page = try DirectoryPages.root(app).get("/admin/accounts/111111111111").text
            #expect(page.contains(#"id="local-base-url""#) && page.contains("which AWS cannot reach"))
        }
        try withPortico(baseURL: "https://portal.example.com") { app, _ in
            try app.apply(DirectoryPages.directory)
            #expect(!(try DirectoryPages.root(app).get("/admin/accounts/111111111111").text.contains(#"id="local-base-url""#)))
        }
    }

    @Test func onlyAdminsSeeTheHome() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            #expect(try DirectoryPages.alice(app).get("/admin").status == 403)
            #expect(try DirectoryPages.alice(app).get("/admin/aws").status == 403)
        }
    }

    @Test func onlyAnHTTPSHostNameCountsAsPublic() {
        #expect(SetupChecklist.isPublic("https://portal.example.com"))
        #expect(SetupChecklist.isPublic("https://portal.example.com:8443/"))
        for local in [
            "http://portal.example.com", "https://localhost:8443", "https://127.0.0.1", "https://[::1]:8443", "https://x.localhost",
        ] {
            #expect(!SetupChecklist.isPublic(local), "\(local)")
        }
    }
}
