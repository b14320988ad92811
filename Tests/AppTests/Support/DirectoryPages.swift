import App
import Domain
import Foundation
import SQLite
import Storage
import Testing

/// A small organisation for the admin directory pages' tests, and the look-ups they share.
enum DirectoryPages {
    static let rootPassword = "root-password-12"
    static let alicePassword = "alice-password-1"
    static let carolPassword = "carol-password-1"

    /// root is an admin; alice is in `developers`; carol owns `app-prod` (111111111111) but not `app-dev`.
    static let directory = """
        {
          "users": [
            {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true},
            {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
            {"email": "bob@example.com", "display_name": "Bob Builder"},
            {"email": "carol@example.com", "display_name": "Carol Owner", "password": "carol-password-1"}
          ],
          "groups": [
            {"name": "developers", "description": "App team", "members": ["alice@example.com"]},
            {"name": "auditors", "members": []}
          ],
          "accounts": [
            {"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com", "ou": "root/service/app/prod",
             "environment": "prod", "owners": ["carol@example.com"]},
            {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com", "ou": "root/service/app/dev",
             "environment": "dev"}
          ],
          "permission_sets": [
            {"name": "ReadOnlyAccess", "session_duration": "PT2H"},
            {"name": "AdministratorAccess"}
          ],
          "assignments": [
            {"account": "111111111111", "permission_set": "ReadOnlyAccess", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "ReadOnlyAccess", "group": "developers"},
            {"account": "222222222222", "permission_set": "AdministratorAccess", "group": "developers"}
          ]
        }
        """

    static func signedIn(_ app: PorticoApp, _ email: String, _ password: String) throws -> Browser {
        let browser = Browser(port: app.server.port)
        #expect(try browser.signIn(email, password).status == 303)
        return browser
    }

    static func root(_ app: PorticoApp) throws -> Browser { try signedIn(app, "root@example.com", rootPassword) }
    static func alice(_ app: PorticoApp) throws -> Browser { try signedIn(app, "alice@example.com", alicePassword) }
    static func carol(_ app: PorticoApp) throws -> Browser { try signedIn(app, "carol@example.com", carolPassword) }

    /// Has `admin` make a password-reset link for the user on their admin page; returns the link's token.
    static func resetLinkToken(by admin: Browser, for userID: String) throws -> String {
        let csrf = try #require(Browser.csrf(in: try admin.get("/admin/users/\(userID)").text))
        let created = try admin.post("/admin/users/\(userID)/reset-link", [("csrf", csrf)])
        let link = try #require(created.text.firstMatch(of: /<code id="reset-link">([^<]+)<\/code>/)).1
        return String(link.split(separator: "=").last ?? "")
    }

    /// The audit event's `details` parsed.
    static func details(_ event: AuditEvent) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(event.details.utf8)) as? [String: Any])
    }

    /// The page's CSRF token.
    static func csrf(_ browser: Browser, _ page: String = "/me/sessions") throws -> String {
        try #require(Browser.csrf(in: try browser.get(page).text))
    }
}

extension PorticoApp {
    func userID(_ email: String) throws -> String {
        try #require(try database.read { try UserStore($0).find(email: email) }).id
    }

    func groupID(_ name: String) throws -> String {
        try #require(try database.read { try GroupStore($0).find(name: name) }).id
    }

    func permissionSetID(_ name: String) throws -> String {
        try #require(try database.read { try PermissionSetStore($0).find(name: name) }).id
    }

    /// The events of `action` by `actor` (the admin by default, leaving out what `apply` wrote), newest first.
    func auditEvents(_ action: String, actor: String = "root@example.com") throws -> [AuditEvent] {
        try database.read { try AuditStore($0).list(AuditStore.Filter(actor: actor, action: action), limit: 1_000).items }
    }

    func assignments(_ filter: AssignmentStore.Filter) throws -> [Assignment] {
        try database.read { try AssignmentStore($0).list(filter, limit: 10_000).items }
    }
}
