import App
import Domain
import Foundation
import Storage
import Testing

/// Who may reach the admin pages, forms without a CSRF token, the admin nav on every page, and hostile
/// strings shown escaped.
struct AdminDirectoryAccessTests {
    /// Every admin route but the user pages' session, password and MFA actions (`AdminUserPagesTests`), with
    /// ids filled in. Creating is `POST …/new` and changing `POST …/:id/edit` for every kind.
    private func routes(_ app: PorticoApp) throws -> (gets: [String], posts: [String]) {
        let user = try app.userID("bob@example.com")
        let alice = try app.userID("alice@example.com")
        let group = try app.groupID("developers")
        let set = try app.permissionSetID("ReadOnlyAccess")
        let gets = [
            "/admin/users", "/admin/users/new", "/admin/users/\(user)", "/admin/users/\(user)/edit", "/admin/users/\(user)/delete",
            "/admin/users/import", "/admin/groups", "/admin/groups/new", "/admin/groups/\(group)", "/admin/groups/\(group)/edit",
            "/admin/groups/\(group)/delete", "/admin/accounts", "/admin/accounts/new", "/admin/accounts/111111111111",
            "/admin/accounts/111111111111/edit", "/admin/accounts/111111111111/delete", "/admin/permission-sets",
            "/admin/permission-sets/new", "/admin/permission-sets/\(set)", "/admin/permission-sets/\(set)/edit",
            "/admin/permission-sets/\(set)/delete", "/admin/settings", "/admin/audit", "/admin/audit.jsonl",
            "/admin/accounts/111111111111/assignments/remove?principal_type=user&principal_id=\(alice)&permission_set_id=\(set)",
        ]
        let posts = [
            "/admin/users/new", "/admin/users/\(user)/edit", "/admin/users/\(user)/delete", "/admin/users/import/preview",
            "/admin/users/import", "/admin/groups/new", "/admin/groups/\(group)/edit", "/admin/groups/\(group)/delete",
            "/admin/groups/\(group)/members", "/admin/groups/\(group)/members/\(user)/remove", "/admin/accounts/new",
            "/admin/accounts/111111111111/edit", "/admin/accounts/111111111111/delete", "/admin/accounts/111111111111/assignments",
            "/admin/accounts/111111111111/assignments/remove", "/admin/permission-sets/new", "/admin/permission-sets/\(set)/edit",
            "/admin/permission-sets/\(set)/delete", "/admin/settings",
        ]
        return (gets, posts)
    }

    /// The settings form with a change, so a request that got through would show in the `settings` table.
    private static let settingsFields = AdminSettingsPagesTests.fields(["mfa": "always"])

    /// A snapshot of the directory's rows, to show that refused requests changed nothing.
    private func directoryCounts(_ app: PorticoApp) throws -> [Int] {
        let tables = ["users", "groups", "group_members", "accounts", "account_owners", "permission_sets", "assignments", "settings"]
        return try app.database.read { db in
            try tables.map { table in try db.scalar("SELECT count(*) FROM \(table)") }
        }
    }

    @Test func nonAdminsGet403OnEveryAdminDirectoryRouteAndVisitorsSignInFirst() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let (gets, posts) = try routes(app)
            let before = try directoryCounts(app)
            let alice = try DirectoryPages.alice(app)
            let csrf = try DirectoryPages.csrf(alice)
            let fields: [(String, String)] = [
                ("csrf", csrf), ("confirm", "yes"), ("name", "x"), ("email", "x@example.com"), ("display_name", "X"),
                ("emails", "alice@example.com"),
                ("users", "alice@example.com"), ("permission_set", try app.permissionSetID("ReadOnlyAccess")),
                ("principal_type", "group"), ("principal_id", try app.groupID("developers")),
                ("permission_set_id", try app.permissionSetID("ReadOnlyAccess")), ("ou", "root"), ("id", "999999999999"),
                ("csv", "email,display name\nmallory@example.com,Mallory"), ("session_duration", "PT1H"),
            ]
            for path in gets {
                #expect(try alice.get(path).status == 403, "GET \(path)")
            }
            for path in posts {
                #expect(try alice.post(path, fields + Self.settingsFields).status == 403, "POST \(path)")
            }
            #expect(try directoryCounts(app) == before)
            #expect(try alice.get("/me/sessions").status == 200)

            let visitor = Browser(port: app.server.port)
            for path in gets {
                let response = try visitor.get(path)
                #expect(response.status == 303 && response.header("Location")?.hasPrefix("/login?return_to=/admin/") == true, "GET \(path)")
            }
            for path in posts {
                #expect(try visitor.post(path, [("name", "x")]).header("Location") == "/login", "POST \(path)")
            }
            #expect(try directoryCounts(app) == before)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefusedAndChangeNothing() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let (_, posts) = try routes(app)
            let before = try directoryCounts(app)
            let root = try DirectoryPages.root(app)
            let fields: [(String, String)] = [
                ("name", "x"), ("email", "x@example.com"), ("display_name", "X"), ("emails", "carol@example.com"),
                ("users", "carol@example.com"), ("permission_set", try app.permissionSetID("AdministratorAccess")), ("ou", "root"),
                ("id", "999999999999"), ("owners", ""),
            ]
            for path in posts {
                #expect(try root.post(path, fields + Self.settingsFields).status == 403, "POST \(path) without a token")
                let forged = [("csrf", "forged")] + fields + Self.settingsFields
                #expect(try root.post(path, forged).status == 403, "POST \(path) with a wrong token")
            }
            #expect(try directoryCounts(app) == before)
            #expect(
                try app.database.read { try AuditStore($0).list(AuditStore.Filter(actor: "root@example.com")).items }.allSatisfy {
                    $0.action == "auth.signin"
                })
        }
    }

    /// The sections' links, and the one marked current, on every admin page (the import preview is a POST's answer).
    @Test func everyAdminPageShowsTheAdminNavWithItsSectionCurrent() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            func current(_ html: String) -> [String] {
                html.matches(of: /<a href="(\/admin\/[a-z-]+)" aria-current="page">/).map { String($0.1) }
            }
            for path in try routes(app).gets where path != "/admin/audit.jsonl" {
                let page = try root.get(path)
                #expect(page.status == 200, "GET \(path)")
                #expect(page.text.contains("<nav class=\"admin-nav\" aria-label=\"Administration\">"), "GET \(path)")
                // `/admin/users/import` is in the users section, `/admin/permission-sets/…/edit` in permission sets.
                #expect(current(page.text) == ["/admin/" + path.split(separator: "/")[1]], "GET \(path)")
            }
            let preview = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try DirectoryPages.csrf(root)), ("csv", "email,display name\nx@example.com,X")])
            #expect(preview.status == 200)
            #expect(current(preview.text) == ["/admin/users"])
        }
    }

    @Test func hostileAndJapaneseStringsAreShownEscapedOnEveryPage() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let script = "<script>alert(\"x\")</script>"
            let long = String(repeating: "ぁ", count: 250) + "'\"<>&"
            let created = try root.submit(
                "/admin/users/new", to: "/admin/users/new",
                [
                    ("email", "yamada@example.com"), ("display_name", long), ("given_name", "太郎 " + script), ("family_name", "山田 \"'"),
                    ("attribute_key", "team"), ("attribute_value", "\"><img src=x onerror=alert(1)>"),
                ])
            #expect(created.status == 303)
            let userID = try app.userID("yamada@example.com")
            #expect(
                try root.submit(
                    "/admin/groups/new", to: "/admin/groups/new", [("name", "開発 " + script), ("description", "説明 'quoted' & more")]
                )
                .status == 303)
            let groupID = try app.groupID("開発 " + script)
            #expect(
                try root.submit(
                    "/admin/accounts/new", to: "/admin/accounts/new",
                    [
                        ("id", "555555555555"), ("name", "本番 <b>\"x\"</b>"), ("email", "aws+jp@example.com"), ("ou", "root/サービス/<i>"),
                        ("environment", "<prod>"), ("owners", "yamada@example.com"),
                    ]
                ).status == 303)
            #expect(
                try root.submit(
                    "/admin/groups/\(groupID)", to: "/admin/groups/\(groupID)/members", [("emails", "yamada@example.com")]
                ).status == 303)
            #expect(
                try root.submit(
                    "/admin/accounts/555555555555", to: "/admin/accounts/555555555555/assignments",
                    [("group", groupID), ("permission_set", try app.permissionSetID("ReadOnlyAccess"))]
                ).status == 303)

            let escapedScript = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
            let pages = [
                "/admin/users", "/admin/users/\(userID)", "/admin/users/\(userID)/edit", "/admin/users/\(userID)/delete",
                "/admin/groups", "/admin/groups/\(groupID)", "/admin/groups/\(groupID)/edit", "/admin/groups/\(groupID)/delete",
                "/admin/accounts", "/admin/accounts/555555555555", "/admin/accounts/555555555555/edit",
                "/admin/accounts/555555555555/delete", "/admin/permission-sets/\(try app.permissionSetID("ReadOnlyAccess"))",
                "/admin/permission-sets/\(try app.permissionSetID("ReadOnlyAccess"))/delete", "/admin/audit",
            ]
            for path in pages {
                let page = try root.get(path)
                #expect(page.status == 200, "GET \(path)")
                #expect(!page.text.contains("<script>"), "GET \(path)")
                #expect(!page.text.contains("<b>\"x\"</b>") && !page.text.contains("<img") && !page.text.contains("<prod>"), "GET \(path)")
            }
            let userPage = try root.get("/admin/users/\(userID)").text
            #expect(userPage.contains("太郎 " + escapedScript))
            #expect(userPage.contains("山田 &quot;&#39;"))
            #expect(userPage.contains(String(repeating: "ぁ", count: 250) + "&#39;&quot;&lt;&gt;&amp;"))
            #expect(userPage.contains("開発 " + escapedScript))
            #expect(userPage.contains("本番 &lt;b&gt;&quot;x&quot;&lt;/b&gt;"))
            #expect(try root.get("/admin/users/\(userID)/edit").text.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
            let accountPage = try root.get("/admin/accounts/555555555555").text
            #expect(accountPage.contains("root/サービス/&lt;i&gt;") && accountPage.contains("<span class=\"badge\">&lt;prod&gt;</span>"))
            #expect(accountPage.contains("開発 " + escapedScript))
            #expect(try root.get("/admin/groups").text.contains("説明 &#39;quoted&#39; &amp; more"))
            let setPage = try root.get("/admin/permission-sets/\(try app.permissionSetID("ReadOnlyAccess"))").text
            #expect(setPage.contains("開発 " + escapedScript) && setPage.contains("本番 &lt;b&gt;&quot;x&quot;&lt;/b&gt;"))

            // The audit log holds the strings as typed, never HTML.
            let event = try #require(try app.auditEvents("group.create").first)
            #expect((try DirectoryPages.details(event)["after"] as? [String: Any])?["name"] as? String == "開発 " + script)
        }
    }
}
