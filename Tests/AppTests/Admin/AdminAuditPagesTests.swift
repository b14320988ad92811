import App
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/admin/audit` and `/admin/audit.jsonl`: each filter narrows the list, and the download holds exactly
/// the filtered events, one JSON object per line.
struct AdminAuditPagesTests {
    static let users = """
        {"users": [
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true},
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"}
        ]}
        """

    /// Known events on 2026-11-20, -21 and -22, one an hour from 08:00, with every field set.
    static let events: [AuditEvent] = (0..<30).map { index in
        let day = 20 + index / 10
        let hour = 8 + index % 10
        return AuditEvent(
            time: "2026-11-\(day)T\(hour < 10 ? "0" : "")\(hour):00:00.000Z",
            actor: ["carol@example.com", "dave@example.com", "apply"][index % 3],
            action: ["user.update", "group.members.add"][index % 2], target: "target-\(index % 5)",
            outcome: index % 7 == 0 ? .failure : .success, ip: "198.51.100.\(index)", requestID: "req-\(index)",
            details: #"{"n":\#(index),"note":"<script>alert('\#(index)')</script>"}"#)
    }

    private func prepare(_ app: PorticoApp) throws -> Browser {
        try app.apply(Self.users)
        try app.database.write { db in
            for event in Self.events { try AuditStore(db).append(event) }
        }
        return try DirectoryPages.root(app)
    }

    /// The request ids of the rows shown, top to bottom (only the seeded events have `req-N` ids).
    private func shown(_ html: String) -> [Int] {
        html.matches(of: /<code>req-(\d+)<\/code>/).compactMap { Int($0.1) }
    }

    private func expected(_ include: (AuditEvent) -> Bool) -> [Int] {
        Self.events.enumerated().filter { include($0.element) }.map(\.offset).reversed()
    }

    @Test(
        arguments: [
            ("actor=carol%40example.com", { @Sendable (event: AuditEvent) in event.actor == "carol@example.com" }),
            ("action=group.members.add", { @Sendable (event: AuditEvent) in event.action == "group.members.add" }),
            ("target=target-3", { @Sendable (event: AuditEvent) in event.target == "target-3" }),
            ("from=2026-11-21", { @Sendable (event: AuditEvent) in event.time >= "2026-11-21" }),
            ("until=2026-11-20", { @Sendable (event: AuditEvent) in event.time < "2026-11-21" }),
            (
                "from=2026-11-21T12%3A00&until=2026-11-22T09%3A00",
                { @Sendable (event: AuditEvent) in
                    event.time >= "2026-11-21T12:00" && event.time <= "2026-11-22T09:00:59.999Z"
                }
            ),
            ("q=DAVE", { @Sendable (event: AuditEvent) in event.actor == "dave@example.com" }),
            ("q=%22n%22%3A12%2C", { @Sendable (event: AuditEvent) in event.requestID == "req-12" }),
            (
                "q=members.add&target=target-1",
                { @Sendable (event: AuditEvent) in event.action == "group.members.add" && event.target == "target-1" }
            ),
            ("from_day=2026-11-21&to_day=2026-11-21", { @Sendable (event: AuditEvent) in event.time.hasPrefix("2026-11-21") }),
            (
                "from_day=2026-11-21&until=2026-11-21T12%3A00",
                { @Sendable (event: AuditEvent) in event.time.hasPrefix("2026-11-21") && event.time <= "2026-11-21T12:00:59.999Z" }
            ),
            (
                "actor=apply&action=user.update&from=2026-11-22",
                { @Sendable (event: AuditEvent) in
                    event.actor == "apply" && event.action == "user.update" && event.time >= "2026-11-22"
                }
            ),
        ] as [(String, @Sendable (AuditEvent) -> Bool)])
    func eachFilterNarrowsTheListAndTheDownload(query: String, include: @Sendable (AuditEvent) -> Bool) throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            let wanted = expected(include)
            #expect(!wanted.isEmpty && wanted.count < Self.events.count)
            let page = try root.get("/admin/audit?\(query)")
            #expect(page.status == 200)
            #expect(shown(page.text) == wanted)

            let download = try root.get("/admin/audit.jsonl?\(query)")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/x-ndjson")
            #expect(download.header("Content-Disposition")?.hasPrefix("attachment; filename=\"portico-audit-") == true)
            let lines = download.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "")
            let all = try lines.dropLast().map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            // Besides the seeded events, the setup's own events (stamped with today's clock) may match: the
            // download holds exactly the rows the page shows.
            #expect(all.count == page.text.matches(of: /<time datetime=/).count)
            let objects = all.filter { ($0["request_id"] as? String)?.hasPrefix("req-") == true }
            #expect(objects.compactMap { Int(($0["request_id"] as? String ?? "").dropFirst(4)) } == wanted)
            for object in objects {
                let index = Int((object["request_id"] as? String ?? "").dropFirst(4)) ?? -1
                let event = Self.events[index]
                #expect(object["time"] as? String == event.time)
                #expect(object["actor"] as? String == event.actor)
                #expect(object["action"] as? String == event.action)
                #expect(object["target"] as? String == event.target)
                #expect(object["outcome"] as? String == event.outcome.rawValue)
                #expect(object["ip"] as? String == event.ip)
                #expect(object["id"] is Int)
                #expect((object["details"] as? [String: Any])?["n"] as? Int == index)
            }
        }
    }

    /// The download is the store's JSON lines, byte for byte, for old and new filters alike: the page's
    /// changes for people leave the machine format alone.
    @Test(arguments: ["", "?actor=apply&from=2026-11-21", "?q=carol&from_day=2026-11-20&to_day=2026-11-21"])
    func theDownloadIsTheStoresJSONLinesByteForByte(query: String) throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            let download = try root.get("/admin/audit.jsonl" + query)
            #expect(download.status == 200)
            let form = try #require(query.isEmpty ? [] : Self.queryItems(String(query.dropFirst())))
            var filter = AuditStore.Filter()
            for (name, value) in form {
                switch name {
                case "actor": filter.actor = value
                case "q": filter.text = value
                case "from": filter.since = value + "T00:00:00.000Z"
                case "from_day": filter.since = value + "T00:00:00.000Z"
                case "to_day": filter.until = value + "T23:59:59.999Z"
                default: Issue.record("unexpected \(name)")
                }
            }
            let expected = try app.database.read { try AuditStore($0).jsonLines(filter, limit: 1_000) }.map { $0.line + "\n" }.joined()
            #expect(!expected.isEmpty)
            #expect(Array(download.text.utf8) == Array(expected.utf8))
        }
    }

    private static func queryItems(_ query: String) -> [(String, String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    @Test func likeWildcardsInTheSubstringAreTakenLiterally() throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            _ = try app.database.write { db in
                try AuditStore(db).append(
                    AuditEvent(
                        time: "2026-11-23T00:00:00.000Z", actor: "bulk", action: "quota.set", requestID: "req-500",
                        details: #"{"used":"50%"}"#))
            }
            #expect(shown(try root.get("/admin/audit?q=%25").text) == [500], "% matches only a literal percent sign")
            #expect(shown(try root.get("/admin/audit?q=50%25").text) == [500])
            #expect(shown(try root.get("/admin/audit?q=_").text) == [], "_ matches only a literal underscore")
            #expect(shown(try root.get("/admin/audit?q=quota.set").text) == [500])
            #expect(try root.get("/admin/audit?q=%25").text.contains(#"value="%""#), "the filter is shown as typed")
            #expect(try root.get("/admin/audit?to_day=2026-11").status == 422)
            // A date with anything after it is refused, not cut back to the date.
            #expect(try root.get("/admin/audit?from_day=2026-11-21garbage").status == 422)
            #expect(try root.get("/admin/audit?to_day=2026-11-21T10%3A00").status == 422)
        }
    }

    @Test func namesStandBesideIdsAndDetailsReadAsLines() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try app.userID("alice@example.com")
            let readOnly = try app.permissionSetID("ReadOnlyAccess")
            let details =
                #"{"account":"111111111111","assignment":{"permission_set_id":"\#(readOnly)","principal":{"user":"\#(alice)"}},"#
                + #""emails":["a@example.com","b@example.com"],"reason":"a long explanation in plain words that should wrap between words","#
                + #""gone":"00000000-0000-0000-0000-000000000000","count":3}"#
            _ = try app.database.write { db in
                try AuditStore(db).append(
                    AuditEvent(
                        time: "2026-12-06T11:02:03.000Z", actor: "root@example.com", action: "test.names", target: alice,
                        requestID: "req-1", details: details))
            }
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/audit?action=test.names").text
            // The time, readable, with the ISO value kept for machines.
            #expect(page.contains(#"<time datetime="2026-12-06T11:02:03.000Z">6 Dec 2026, 11:02:03 UTC</time>"#))
            // The target's user, by name and email, linked.
            #expect(page.contains(#"<a class="audit-name" href="/admin/users/\#(alice)">Alice Liddell (alice@example.com)</a>"#))
            // Details as key: value lines, nested keys dotted, arrays joined, names beside ids.
            #expect(!page.contains("{&quot;"), "no raw JSON")
            #expect(
                page.contains(
                    #"<span class="audit-key">account:</span> <span>111111111111</span> <a class="audit-name" href="/admin/accounts/111111111111">app-prod</a>"#
                ))
            #expect(page.contains(#"<span class="audit-key">assignment.permission_set_id:</span>"#))
            #expect(page.contains(#"href="/admin/permission-sets/\#(readOnly)">ReadOnlyAccess</a>"#))
            #expect(page.contains(#"<span class="audit-key">assignment.principal.user:</span>"#))
            #expect(
                page.contains(#"<span class="audit-key">emails:</span> <span class="audit-code">a@example.com, b@example.com</span>"#)
                    == false)
            #expect(page.contains(#"<span class="audit-key">emails:</span> <span>a@example.com, b@example.com</span>"#))
            #expect(page.contains(#"<span class="audit-key">count:</span> <span>3</span>"#))
            // Prose wraps between words; only code-like values (an id) may break anywhere.
            #expect(page.contains(#"<span class="audit-key">reason:</span> <span>a long explanation"#))
            #expect(page.contains(#"<span class="audit-code">\#(alice)</span>"#))
            // An id that names nothing is shown as it is, without a link.
            #expect(page.contains(#"<span class="audit-code">00000000-0000-0000-0000-000000000000</span></li>"#))
            // The page's stylesheet never breaks prose mid-word.
            let stylesheet = try #require(page.firstMatch(of: /<link rel="stylesheet" href="([^"]+)">/))
            let css = try root.get(String(stylesheet.1)).text
            #expect(!css.contains("break-all"))
            #expect(css.contains(".audit-code { overflow-wrap: anywhere;"))
        }
    }

    @Test func listsNewestFirstWithEveryFieldEscaped() throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            let page = try root.get("/admin/audit")
            // The sign-in of root came last; the seeded events follow, newest first.
            #expect(Array(shown(page.text).prefix(3)) == [29, 28, 27])
            #expect(page.text.contains("auth.signin"))
            #expect(page.text.contains("198.51.100.29") && page.text.contains("failure"))
            #expect(page.text.contains("&lt;script&gt;alert(&#39;29&#39;)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("href=\"/admin/audit.jsonl\""))
            // Filtering carries over to the download link.
            let filtered = try root.get("/admin/audit?actor=apply&from=2026-11-21")
            #expect(filtered.text.contains("href=\"/admin/audit.jsonl?actor=apply&amp;from=2026-11-21\""))
        }
    }

    @Test func pagesThroughLongLists() throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            try app.database.write { db in
                for index in 0..<100 {
                    try AuditStore(db).append(
                        AuditEvent(time: "2026-10-01T00:00:00.000Z", actor: "bulk", action: "bulk.test", requestID: "req-\(1000 + index)"))
                }
            }
            let first = shown(try root.get("/admin/audit?actor=bulk").text)
            let second = try root.get("/admin/audit?actor=bulk&page=2")
            #expect(first.count == 50)
            #expect(shown(second.text).count == 50)
            #expect(Set(first + shown(second.text)).count == 100)
            #expect(second.text.contains("51–100 of 100"))
            #expect(second.text.contains("href=\"/admin/audit?actor=bulk\""))
        }
    }

    @Test func theDownloadStreamsPastOnePageOfTheStore() throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            try app.database.write { db in
                for index in 0..<1_234 {
                    try AuditStore(db).append(
                        AuditEvent(
                            time: "2026-09-01T00:00:\(index % 60 < 10 ? "0" : "")\(index % 60).000Z", actor: "bulk", action: "bulk.test",
                            details: #"{"i":\#(index),"text":"line\nbreak \"quoted\""}"#))
                }
            }
            let download = try root.get("/admin/audit.jsonl?actor=bulk")
            #expect(download.header("Transfer-Encoding") == "chunked")
            let lines = download.text.split(separator: "\n")
            #expect(lines.count == 1_234)
            let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            #expect(Set(objects.compactMap { $0["id"] as? Int }).count == 1_234)
            let times = objects.compactMap { $0["time"] as? String }
            #expect(times == times.sorted(by: >))
            #expect((objects.first?["details"] as? [String: Any])?["text"] as? String == "line\nbreak \"quoted\"")
        }
    }

    @Test func badTimesAreShownBesideTheirFields() throws {
        try withPortico { app, _ in
            let root = try prepare(app)
            let page = try root.get("/admin/audit?from=2026-02-30&until=yesterday")
            #expect(page.status == 422)
            #expect(page.text.contains("audit-from-error") && page.text.contains("audit-until-error"))
            #expect(page.text.contains("value=\"yesterday\""))
            #expect(shown(page.text).isEmpty)
            let reversed = try root.get("/admin/audit?from=2026-11-22&until=2026-11-21")
            #expect(reversed.status == 422)
            #expect(reversed.text.contains("Until must not be before from."))
            #expect(try root.get("/admin/audit.jsonl?from=nope").status == 400)
        }
    }

    @Test func nonAdminsGet403() throws {
        try withPortico { app, _ in
            _ = try prepare(app)
            let alice = try DirectoryPages.alice(app)
            #expect(try alice.get("/admin/audit").status == 403)
            #expect(try alice.get("/admin/audit.jsonl").status == 403)
            #expect(try alice.get("/admin/audit.jsonl").text.contains("req-") == false)
            let visitor = Browser(port: app.server.port)
            #expect(try visitor.get("/admin/audit.jsonl").status == 303)
        }
    }
}
