import App
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/admin/permission-sets`: admins create, change and delete permission sets through the forms; invalid
/// input comes back with reasons and typed values; nothing is written without the CSRF token.
struct AdminPermissionSetPagesTests {
    static let directory = """
        {"users": [
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true},
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"}
        ],
        "groups": [{"name": "auditors", "members": ["alice@example.com"]}],
        "accounts": [{"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com"},
                     {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com"}],
        "permission_sets": [{"name": "ReadOnlyAccess", "session_duration": "PT2H",
                             "managed_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}],
        "assignments": [
          {"account": "111111111111", "permission_set": "ReadOnlyAccess", "group": "auditors"},
          {"account": "222222222222", "permission_set": "ReadOnlyAccess", "user": "alice@example.com"}
        ]}
        """

    static let validFields: [(String, String)] = [
        ("name", "PowerUser"), ("description", "Everything but IAM"), ("session_duration", "PT4H"),
        ("relay_state", "https://console.aws.amazon.com/ec2/home"),
        ("managed_policies", "arn:aws:iam::aws:policy/PowerUserAccess\r\narn:aws-us-gov:iam::123456789012:policy/team/Deploy\r\n"),
        (
            "inline_policy",
            "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:List*\", \"Resource\": \"*\"}\r\n}"
        ), ("tags", "team=platform\r\ncost-center=42"),
    ]

    private func permissionSet(_ app: PorticoApp, _ name: String) throws -> PermissionSet? {
        try app.database.read { try PermissionSetStore($0).find(name: name) }
    }

    private func count(_ app: PorticoApp) throws -> Int {
        try app.database.read { try PermissionSetStore($0).list(ListQuery(sort: .name)).total }
    }

    @Test func nonAdminsGet403AndFormsWithoutTheTokenChangeNothing() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let id = try #require(try permissionSet(app, "ReadOnlyAccess")).id
            let alice = try DirectoryPages.alice(app)
            for path in [
                "/admin/permission-sets", "/admin/permission-sets/new", "/admin/permission-sets/\(id)",
                "/admin/permission-sets/\(id)/edit", "/admin/permission-sets/\(id)/delete",
            ] {
                #expect(try alice.get(path).status == 403, "\(path)")
            }
            let csrf = try #require(Browser.csrf(in: try alice.get("/me/sessions").text))
            #expect(try alice.post("/admin/permission-sets/new", [("csrf", csrf)] + Self.validFields).status == 403)
            #expect(try alice.post("/admin/permission-sets/\(id)/edit", [("csrf", csrf)] + Self.validFields).status == 403)
            #expect(try alice.post("/admin/permission-sets/\(id)/delete", [("csrf", csrf)]).status == 403)

            let visitor = Browser(port: app.server.port)
            #expect(try visitor.get("/admin/permission-sets").header("Location") == "/login?return_to=/admin/permission-sets")

            let root = try DirectoryPages.root(app)
            #expect(try root.post("/admin/permission-sets/new", Self.validFields).status == 403)
            #expect(try root.post("/admin/permission-sets/new", [("csrf", "forged")] + Self.validFields).status == 403)
            #expect(try root.post("/admin/permission-sets/\(id)/edit", Self.validFields).status == 403)
            #expect(try root.post("/admin/permission-sets/\(id)/delete", []).status == 403)
            #expect(try count(app) == 1)
            #expect(try permissionSet(app, "ReadOnlyAccess")?.sessionDuration == ISODuration("PT2H"))
            #expect(try app.auditEvents("permission_set.create").isEmpty && app.auditEvents("permission_set.delete").isEmpty)
        }
    }

    @Test func createEditAndDeleteThroughTheForms() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let form = try root.get("/admin/permission-sets/new")
            #expect(form.status == 200)
            #expect(form.text.contains("applies to new role sessions only"))

            let created = try root.submit("/admin/permission-sets/new", to: "/admin/permission-sets/new", Self.validFields)
            #expect(created.status == 303)
            let set = try #require(try permissionSet(app, "PowerUser"))
            #expect(created.header("Location") == "/admin/permission-sets/\(set.id)?done=created")
            #expect(set.description == "Everything but IAM")
            #expect(set.sessionDuration == ISODuration("PT4H"))
            #expect(set.relayState == "https://console.aws.amazon.com/ec2/home")
            #expect(
                set.managedPolicyARNs == ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws-us-gov:iam::123456789012:policy/team/Deploy"])
            #expect(
                set.inlinePolicy
                    == "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:List*\", \"Resource\": \"*\"}\n}"
            )
            #expect(set.tags == ["team": "platform", "cost-center": "42"])
            let createdEvents = try app.auditEvents("permission_set.create")
            #expect(createdEvents.count == 1)
            #expect(createdEvents.first?.actor == "root@example.com")
            #expect(createdEvents.first?.target == set.id)
            #expect(createdEvents.first?.details.contains("\"session_duration\":\"PT4H\"") == true)
            #expect(try root.get("/admin/permission-sets/\(set.id)?done=created").text.contains("The permission set was created."))

            // The edit form starts from the stored values.
            let edit = try root.get("/admin/permission-sets/\(set.id)/edit")
            #expect(edit.text.contains("value=\"PowerUser\"") && edit.text.contains("team=platform"))
            var changed = Self.validFields.filter { $0.0 != "session_duration" && $0.0 != "tags" }
            changed += [("session_duration", "pt8h"), ("tags", "")]
            let updated = try root.submit("/admin/permission-sets/\(set.id)/edit", to: "/admin/permission-sets/\(set.id)/edit", changed)
            #expect(updated.status == 303)
            #expect(updated.header("Location") == "/admin/permission-sets/\(set.id)?done=updated")
            let stored = try #require(try permissionSet(app, "PowerUser"))
            #expect(stored.sessionDuration == ISODuration("PT8H"))
            #expect(stored.tags.isEmpty)
            let updates = try app.auditEvents("permission_set.update")
            #expect(updates.count == 1)
            let details = try DirectoryPages.details(updates[0])
            #expect((details["before"] as? [String: Any])?["session_duration"] as? String == "PT4H")
            #expect((details["after"] as? [String: Any])?["session_duration"] as? String == "PT8H")

            // The set's page lists the assignments that use it; the delete confirmation counts them.
            let readOnly = try #require(try permissionSet(app, "ReadOnlyAccess"))
            let page = try root.get("/admin/permission-sets/\(readOnly.id)")
            #expect(page.text.contains("app-prod") && page.text.contains("auditors"))
            #expect(page.text.contains("app-dev") && page.text.contains("alice@example.com"))
            // The shared assignments table: each principal and account links to its page; no permission set column.
            #expect(page.text.contains("<a href=\"/admin/groups/\(try app.groupID("auditors"))\">auditors</a>"))
            #expect(page.text.contains("<a href=\"/admin/users/\(try app.userID("alice@example.com"))\">alice@example.com</a>"))
            #expect(page.text.contains("<a href=\"/admin/accounts/111111111111\">app-prod</a>"))
            #expect(!page.text.contains("<th scope=\"col\">Permission set</th>"))
            let confirmation = try root.get("/admin/permission-sets/\(readOnly.id)/delete")
            #expect(confirmation.text.contains("all 2 of its assignments"))
            let deleted = try root.submit(
                "/admin/permission-sets/\(readOnly.id)/delete", to: "/admin/permission-sets/\(readOnly.id)/delete", [])
            #expect(deleted.status == 303)
            #expect(deleted.header("Location") == "/admin/permission-sets?done=deleted")
            #expect(try permissionSet(app, "ReadOnlyAccess") == nil)
            #expect(try app.database.read { try AssignmentStore($0).list().total } == 0)
            let deletions = try app.auditEvents("permission_set.delete")
            #expect(deletions.count == 1)
            #expect(deletions.first?.details.contains("\"assignments_removed\":2") == true)
            #expect(deletions.first?.details.contains("ReadOnlyAccess") == true)
            #expect(try root.get("/admin/permission-sets/\(readOnly.id)").status == 404)
        }
    }

    @Test(arguments: [
        ("name", "Admin Access!", "Name must be 1 to 32 letters, digits or +=,.@_-."),
        ("name", String(repeating: "A", count: 33), "Name must be 1 to 32 letters, digits or +=,.@_-."),
        ("session_duration", "PT13H", "Session duration must be between 1 hour and 12 hours."),
        ("session_duration", "two hours", "Session duration must be a duration such as 4 hours, 1 h 30 min or PT4H."),
        (
            "inline_policy", "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}",
            "Inline policy must be a JSON object; it is not valid JSON at line 3, column 3: expected , or } but found &#39;&quot;&#39;."
        ),
        ("inline_policy", "[{\"Effect\": \"Allow\"}]", "Inline policy must be a JSON object, not an array."),
        ("inline_policy", "{\"a\": \"" + String(repeating: "x", count: 32_800) + "\"}", "Inline policy must be at most 32768 characters."),
        ("managed_policies", "arn:aws:iam::aws:policy/ReadOnlyAccess\nReadOnlyAccess", "ReadOnlyAccess must be an IAM policy ARN"),
        (
            "managed_policies", "arn:aws:iam::aws:policy/AdministratorAcess",
            "arn:aws:iam::aws:policy/AdministratorAcess does not exist; did you mean AdministratorAccess?"
        ),
        (
            "inline_policy",
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Principal\": \"*\"}]}",
            "Inline policy: Statement[0].Principal is not allowed: an identity policy cannot name a Principal; trust is set by Portico."
        ),
        (
            "inline_policy", "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3\", \"Resource\": \"*\"}}",
            "Inline policy: Version is missing"
        ),
        ("relay_state", "javascript:alert(1)", "Relay state must be an https URL."),
        (
            "relay_state", "https://evil.example/console",
            "Relay state must be a page on an allowed AWS console host (console.aws.amazon.com, console.amazonaws-us-gov.com, "
                + "console.amazonaws.cn, or a subdomain of one): evil.example is not one."
        ),
        ("tags", "team=a\nnot a tag", "Tags: line 2 must be key=value."),
    ])
    func invalidInputComesBackWithTheReasonAndTheTypedValues(field: String, value: String, reason: String) throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let fields = Self.validFields.filter { $0.0 != field } + [(field, value)]
            let response = try root.submit("/admin/permission-sets/new", to: "/admin/permission-sets/new", fields)
            #expect(response.status == 422)
            #expect(response.text.contains(reason), "\(response.text.components(separatedBy: "field-error").dropFirst().first ?? "")")
            #expect(response.text.contains("aria-invalid=\"true\""))
            // Every typed value is back in the form, escaped.
            #expect(response.text.contains("value=\"Everything but IAM\"") || field == "description")
            let shown = value.replacing("&", with: "&amp;").replacing("\"", with: "&quot;").replacing("<", with: "&lt;")
            #expect(response.text.contains(shown.replacing("\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try count(app) == 1)
            #expect(try app.auditEvents("permission_set.create").isEmpty)

            // The same reasons when editing, and the stored set is untouched.
            let id = try #require(try permissionSet(app, "ReadOnlyAccess")).id
            let edit = try root.submit("/admin/permission-sets/\(id)/edit", to: "/admin/permission-sets/\(id)/edit", fields)
            #expect(edit.status == 422)
            #expect(edit.text.contains(reason))
            #expect(try permissionSet(app, "ReadOnlyAccess")?.sessionDuration == ISODuration("PT2H"))
        }
    }

    @Test(arguments: [
        ("4h", 14_400, "4 hours"), ("4 hours", 14_400, "4 hours"), ("1 h 30 min", 5_400, "1 h 30 min"), ("90 min", 5_400, "1 h 30 min"),
        ("PT4H", 14_400, "4 hours"), ("pt1h30m", 5_400, "1 h 30 min"), ("1 hour and 45 minutes", 6_300, "1 h 45 min"),
    ])
    func durationsAreTypedAndShownInWordsAndStoredAsISO8601(typed: String, seconds: Int, shown: String) throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let set = try #require(try permissionSet(app, "ReadOnlyAccess"))
            let fields =
                Self.validFields.filter { $0.0 != "session_duration" && $0.0 != "name" }
                + [("name", "ReadOnlyAccess"), ("session_duration", typed)]
            let saved = try root.submit("/admin/permission-sets/\(set.id)/edit", to: "/admin/permission-sets/\(set.id)/edit", fields)
            #expect(saved.status == 303)
            #expect(try permissionSet(app, "ReadOnlyAccess")?.sessionDuration == ISODuration(seconds: seconds))
            let raw: Int = try app.database.read {
                try $0.scalar("SELECT session_duration_seconds FROM permission_sets WHERE name = 'ReadOnlyAccess'")
            }
            #expect(raw == seconds)
            #expect(try root.get("/admin/permission-sets/\(set.id)").text.contains("<dd>\(shown)</dd>"))
            #expect(try root.get("/admin/permission-sets").text.contains("<td>\(shown)</td>"))
            #expect(try root.get("/admin/permission-sets/\(set.id)/edit").text.contains(#"value="\#(shown)" list="session-durations""#))
        }
    }

    @Test func aRelayStateStoredBeforeTheCheckIsKeptOnSaveButCannotBeChangedToAnother() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            try app.database.write { db in
                var set = try #require(try PermissionSetStore(db).find(name: "ReadOnlyAccess"))
                set.relayState = "https://intranet.example.com/wiki"
                try PermissionSetStore(db).update(set)
            }
            let id = try #require(try permissionSet(app, "ReadOnlyAccess")).id
            let root = try DirectoryPages.root(app)
            let form = try root.get("/admin/permission-sets/\(id)/edit").text
            #expect(form.contains("console.aws.amazon.com, console.amazonaws-us-gov.com, console.amazonaws.cn"))
            let kept: [(String, String)] = [
                ("name", "ReadOnlyAccess"), ("description", "Now described"), ("session_duration", "PT2H"),
                ("relay_state", "https://intranet.example.com/wiki"), ("managed_policies", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ]
            let saved = try root.submit("/admin/permission-sets/\(id)/edit", to: "/admin/permission-sets/\(id)/edit", kept)
            #expect(saved.status == 303)
            #expect(try permissionSet(app, "ReadOnlyAccess")?.description == "Now described")
            let moved = kept.map { $0.0 == "relay_state" ? ($0.0, "https://wiki.example.com/") : $0 }
            let refused = try root.submit("/admin/permission-sets/\(id)/edit", to: "/admin/permission-sets/\(id)/edit", moved)
            #expect(refused.status == 422)
            #expect(refused.text.contains("wiki.example.com is not one"))
            #expect(try permissionSet(app, "ReadOnlyAccess")?.relayState == "https://intranet.example.com/wiki")
        }
    }

    @Test func aTakenNameIsRefusedBesideTheField() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let fields = Self.validFields.filter { $0.0 != "name" } + [("name", "ReadOnlyAccess")]
            let response = try root.submit("/admin/permission-sets/new", to: "/admin/permission-sets/new", fields)
            #expect(response.status == 422)
            #expect(
                response.text.contains("Another permission set is called ReadOnlyAccess (IAM role names ignore case, so names do too)."))
            #expect(try count(app) == 1)
            // Another case of a taken name is taken too: IAM would see one role.
            let otherCase = Self.validFields.filter { $0.0 != "name" } + [("name", "readonlyaccess")]
            let refused = try root.submit("/admin/permission-sets/new", to: "/admin/permission-sets/new", otherCase)
            #expect(refused.status == 422)
            #expect(refused.text.contains("Another permission set is called readonlyaccess (IAM role names ignore case"))
            #expect(try count(app) == 1)
        }
    }

    @Test func hostileStringsAreShownEscaped() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let root = try DirectoryPages.root(app)
            let hostile = "<script>alert(\"x\")</script> & 'quotes'"
            let fields =
                Self.validFields.filter { $0.0 != "description" && $0.0 != "tags" } + [
                    ("description", hostile), ("tags", "owner=<img src=x onerror=alert(1)>"),
                ]
            let created = try root.submit("/admin/permission-sets/new", to: "/admin/permission-sets/new", fields)
            #expect(created.status == 303)
            let set = try #require(try permissionSet(app, "PowerUser"))
            #expect(set.description == hostile)
            for path in ["/admin/permission-sets", "/admin/permission-sets/\(set.id)", "/admin/permission-sets/\(set.id)/edit"] {
                let page = try root.get(path).text
                #expect(!page.contains("<script>alert"), "\(path)")
                #expect(!page.contains("<img src=x"), "\(path)")
                #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"), "\(path)")
            }
        }
    }

    @Test func listSearchesSortsAndPages() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let sets = (0..<60).map { index in
                #"{"name": "Set\#(index < 10 ? "0" : "")\#(index)", "description": "\#(index % 2 == 0 ? "even" : "odd")", "session_duration": "PT\#(index % 12 + 1)H"}"#
            }
            try app.apply(#"{"permission_sets": [\#(sets.joined(separator: ","))]}"#)
            let root = try DirectoryPages.root(app)
            func names(_ html: String) -> [String] {
                html.matches(of: /<a href="\/admin\/permission-sets\/[0-9a-f-]{36}">([^<]+)<\/a>/).map { String($0.1) }
            }

            let first = try root.get("/admin/permission-sets")
            #expect(names(first.text).count == 50)
            #expect(names(first.text).first == "Set00")
            #expect(first.text.contains("1–50 of 60"))
            #expect(first.text.contains("href=\"/admin/permission-sets?page=2\""))
            let second = try root.get("/admin/permission-sets?page=2")
            #expect(names(second.text) == (50..<60).map { "Set\($0)" })

            let byDurationPage = try root.get("/admin/permission-sets?sort=sessionDuration&dir=desc").text
            let byDuration = names(byDurationPage)
            #expect(byDuration.first.map { ["Set11", "Set23", "Set35", "Set47", "Set59"].contains($0) } == true)
            // The sortable headers of the shared list: the current one flips, the other starts ascending.
            #expect(byDurationPage.contains("aria-sort=\"descending\"><a href=\"/admin/permission-sets?sort=sessionDuration\">"))
            #expect(byDurationPage.contains("aria-sort=\"none\"><a href=\"/admin/permission-sets\">Name</a>"))
            #expect(byDurationPage.contains("href=\"/admin/permission-sets?sort=sessionDuration&amp;dir=desc&amp;page=2\" rel=\"next\""))
            let odd = try root.get("/admin/permission-sets?q=odd&sort=sessionDuration")
            #expect(names(odd.text).count == 30)
            #expect(names(odd.text).allSatisfy { (Int($0.dropFirst(3)) ?? 0) % 2 == 1 })
            #expect(odd.text.contains("1–30 of 30"))
            #expect(names(try root.get("/admin/permission-sets?q=nothing-like-this").text).isEmpty)
        }
    }
}
