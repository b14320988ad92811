import App
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/admin/users/import`: the preview names every problem by row and field and writes nothing; the
/// confirmation writes users, memberships and audit events together, or nothing.
struct UserImportPagesTests {
    static let directory = """
        {"users": [
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true},
          {"email": "alice@example.com", "display_name": "Alice", "password": "alice-password-1"}
        ],
        "groups": [{"name": "developers", "members": ["alice@example.com"]}, {"name": "auditors"},
                   {"name": "entra-sync", "source": "scim"}]}
        """

    /// Quoted commas, a doubled quote, Japanese names, a BOM and CRLF line ends, as a spreadsheet writes them.
    static let goodCSV =
        "\u{FEFF}Email,Display Name,given_name,Family name,Groups\r\n"
        + "\"bob@example.com\",\"Bob \"\"the builder\"\" Smith\",Bob,Smith,developers;auditors\r\n"
        + "taro@example.jp,山田 太郎,太郎,山田,auditors\r\n"
        + "ALICE@example.com,\"Liddell, Alice\",,,auditors; developers\r\n"
        + ",,,,\r\n"

    private func csrf(_ browser: Browser) throws -> String {
        try #require(Browser.csrf(in: try browser.get("/admin/users/import").text))
    }

    private func hidden(_ name: String, in html: String) throws -> String {
        let match = try #require(html.firstMatch(of: try Regex("name=\"\(name)\" value=\"([^\"]*)\"")))
        let value = try #require(match.output[1].substring)
        return String(value).replacing("&quot;", with: "\"").replacing("&#39;", with: "'").replacing("&lt;", with: "<")
            .replacing("&gt;", with: ">").replacing("&amp;", with: "&")
    }

    private func snapshot(_ app: PorticoApp) throws -> (users: Int, events: Int, memberships: [String]) {
        try app.database.read { db in
            let users = try UserStore(db).count()
            let events = try AuditStore(db).count(.init(actor: "root@example.com"))
            var memberships: [String] = []
            for name in ["developers", "auditors"] {
                let group = try #require(try GroupStore(db).find(name: name))
                memberships += try GroupStore(db).memberIDs(groupID: group.id).map { "\(name):\($0)" }
            }
            return (users, events, memberships.sorted())
        }
    }

    @Test func previewListsEveryProblemByRowAndFieldAndWritesNothing() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let before = try snapshot(app)
            let csv = """
                email,display name,groups
                not-an-email,Nobody,
                carol@example.com,Carol,developers
                CAROL@example.com,Carol Again,
                dave@example.com,Dave,ghosts;developers
                erin@example.com,\(String(repeating: "E", count: 257)),
                frank@example.com,,auditors
                gina@example.com,Gina,entra-sync
                hal@example.com,"Hal <script>alert(1)</script>",auditors
                """
            let preview = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", csv)],
                files: [(name: "file", filename: "", content: "")])
            #expect(preview.status == 422)
            let text = preview.text
            for (row, field, reason) in [
                (2, "email", "must contain exactly one @"), (4, "email", "repeats row 3"), (5, "groups", "no group is called ghosts"),
                (6, "display name", "must be at most 256 characters"), (7, "display name", "must not be empty for a new user"),
                (8, "groups", "entra-sync comes from scim; change its members there"),
            ] {
                #expect(
                    text.contains("<tr><td class=\"numeric\">\(row)</td><td>\(field)</td><td>\(reason)</td></tr>"), "row \(row) \(field)")
            }
            // Valid rows are not listed as problems, the hostile name is escaped, and nothing can be confirmed.
            #expect(!text.contains("<td class=\"numeric\">3</td><td>email"))
            #expect(!text.contains("<script>alert"))
            #expect(!text.contains("name=\"fingerprint\""))
            let after = try snapshot(app)
            #expect(after.users == before.users && after.memberships == before.memberships && after.events == before.events)
        }
    }

    @Test func theFileUploadPreviewsAndTheConfirmationWritesEverythingWithAuditEvents() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let before = try snapshot(app)
            let preview = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", "")],
                files: [(name: "file", filename: "users.csv", content: Self.goodCSV)])
            #expect(preview.status == 200)
            #expect(preview.text.contains("create <strong>2</strong> user(s), update <strong>1</strong> and add\n    <strong>4</strong>"))
            #expect(preview.text.contains("Bob &quot;the builder&quot; Smith"))
            #expect(preview.text.contains("display name: Alice → Liddell, Alice"))
            let after = try snapshot(app)
            #expect(after.users == before.users && after.memberships == before.memberships && after.events == before.events)

            let csv = try hidden("csv", in: preview.text)
            #expect(csv == Self.goodCSV)
            let fingerprint = try hidden("fingerprint", in: preview.text)
            let done = try root.post("/admin/users/import", [("csrf", try csrf(root)), ("csv", csv), ("fingerprint", fingerprint)])
            #expect(done.status == 303)
            #expect(done.header("Location") == "/admin/users/import?created=2&updated=1&memberships=4")
            #expect(
                try root.get(done.header("Location") ?? "").text.contains(
                    "Imported: 2 users created, 1 user updated, 4 group memberships added."))

            try app.database.read { db in
                let bob = try #require(try UserStore(db).find(email: "bob@example.com"))
                #expect(bob.displayName == "Bob \"the builder\" Smith")
                #expect(bob.givenName == "Bob" && bob.familyName == "Smith" && bob.source == .local && !bob.isAdmin)
                let taro = try #require(try UserStore(db).find(email: "taro@example.jp"))
                #expect(taro.displayName == "山田 太郎" && taro.givenName == "太郎")
                let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                #expect(alice.displayName == "Liddell, Alice")
                // Imported users have no password until they use a reset link; Alice keeps hers.
                #expect(try CredentialStore(db).passwordHash(userID: bob.id) == nil)
                #expect(try CredentialStore(db).passwordHash(userID: alice.id) != nil)
                #expect(try GroupStore(db).groups(ofUser: bob.id).map(\.name) == ["auditors", "developers"])
                #expect(try GroupStore(db).groups(ofUser: taro.id).map(\.name) == ["auditors"])
                #expect(try GroupStore(db).groups(ofUser: alice.id).map(\.name) == ["auditors", "developers"])

                let events = try AuditStore(db).list(.init(actor: "root@example.com"), limit: 100).items.filter {
                    $0.action != "auth.signin"
                }
                #expect(events.filter { $0.action == "user.create" }.map(\.target).sorted() == [bob.id, taro.id].sorted())
                #expect(events.filter { $0.action == "user.update" }.map(\.target) == [alice.id])
                // The same events, with the same details, as the user and group pages write.
                let joins = events.filter { $0.action == "group.members.add" }
                #expect(joins.count == 2)
                let auditors = try #require(try GroupStore(db).find(name: "auditors"))
                let auditorsJoin = try DirectoryPages.details(try #require(joins.first { $0.target == auditors.id }))
                #expect(auditorsJoin["group"] as? String == "auditors")
                #expect((auditorsJoin["added"] as? [String])?.sorted() == ["alice@example.com", "bob@example.com", "taro@example.jp"])
                let update = try DirectoryPages.details(try #require(events.first { $0.action == "user.update" }))
                #expect((update["before"] as? [String: Any])?["display_name"] as? String == "Alice")
                #expect((update["after"] as? [String: Any])?["display_name"] as? String == "Liddell, Alice")
                #expect(events.allSatisfy { $0.details.contains("\"via\":\"csv_import\"") })
            }
            #expect(try Browser(port: app.server.port).signIn("bob@example.com", "").status != 303)

            // Importing the same file again changes nothing.
            let again = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root))],
                files: [(name: "file", filename: "users.csv", content: Self.goodCSV)])
            #expect(again.text.contains("Nothing to import"))
            #expect(!again.text.contains("name=\"fingerprint\""))
        }
    }

    @Test func theConfirmationRefusesAPlanThatChangedSinceThePreview() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let preview = try root.postMultipart("/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", Self.goodCSV)])
            #expect(preview.status == 200)
            let fingerprint = try hidden("fingerprint", in: preview.text)
            // Someone else creates Bob in between: the plan now updates him instead of creating him.
            try app.apply(
                #"{"users": [{"email": "root@example.com", "display_name": "Root Admin", "admin": true}, {"email": "alice@example.com", "display_name": "Alice"}, {"email": "bob@example.com", "display_name": "Robert"}]}"#
            )
            let before = try snapshot(app)
            let refused = try root.post(
                "/admin/users/import", [("csrf", try csrf(root)), ("csv", Self.goodCSV), ("fingerprint", fingerprint)])
            #expect(refused.status == 409)
            #expect(refused.text.contains("changed since the preview"))
            #expect(try snapshot(app).users == before.users)
            #expect(try snapshot(app).memberships == before.memberships)
            #expect(try app.database.read { try UserStore($0).find(email: "bob@example.com") }?.displayName == "Robert")

            // A tampered CSV with the old fingerprint is refused the same way.
            let tampered = try root.post(
                "/admin/users/import",
                [
                    ("csrf", try csrf(root)), ("csv", Self.goodCSV + "mallory@example.com,Mallory,,,developers\r\n"),
                    ("fingerprint", fingerprint),
                ])
            #expect(tampered.status == 409)
            #expect(try app.database.read { try UserStore($0).find(email: "mallory@example.com") } == nil)
        }
    }

    @Test func nonAdminsGet403AndFormsWithoutTheTokenAreRefused() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try DirectoryPages.alice(app)
            let aliceToken = try #require(Browser.csrf(in: try alice.get("/me/sessions").text))
            #expect(try alice.get("/admin/users/import").status == 403)
            #expect(try alice.postMultipart("/admin/users/import/preview", [("csrf", aliceToken), ("csv", Self.goodCSV)]).status == 403)
            #expect(
                try alice.post("/admin/users/import", [("csrf", aliceToken), ("csv", Self.goodCSV), ("fingerprint", "x")]).status == 403)

            let root = try DirectoryPages.root(app)
            let before = try snapshot(app)
            #expect(try root.postMultipart("/admin/users/import/preview", [("csv", Self.goodCSV)]).status == 403)
            #expect(try root.postMultipart("/admin/users/import/preview", [("csrf", "forged"), ("csv", Self.goodCSV)]).status == 403)
            let preview = try root.postMultipart("/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", Self.goodCSV)])
            let fingerprint = try hidden("fingerprint", in: preview.text)
            #expect(try root.post("/admin/users/import", [("csv", Self.goodCSV), ("fingerprint", fingerprint)]).status == 403)
            let after = try snapshot(app)
            #expect(after.users == before.users && after.memberships == before.memberships)
        }
    }

    @Test func emptyOrBrokenInputIsShownBesideTheForm() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let empty = try root.postMultipart("/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", "  ")])
            #expect(empty.status == 422)
            #expect(empty.text.contains("Choose a CSV file or paste its text."))
            let unclosed = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", "email,display name\nx@example.com,\"open")])
            #expect(unclosed.status == 422)
            #expect(unclosed.text.contains("The text is not valid CSV at line 2: a quoted field is never closed"))
            let header = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", "mail,name,shoe size\nx@example.com,X,42")])
            #expect(header.text.contains("Unknown column mail"))
            #expect(header.text.contains("The header has no email column."))
            let wrongCount = try root.postMultipart(
                "/admin/users/import/preview", [("csrf", try csrf(root)), ("csv", "email,display name\nx@example.com,X,extra")])
            #expect(wrongCount.text.contains("has 3 cells; the header has 2"))
        }
    }
}
