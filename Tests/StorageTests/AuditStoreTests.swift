import Domain
import SQLite
import Storage
import Testing

struct AuditStoreTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    @Test func appendsAndListsNewestFirstWithFilters() throws {
        let events = [
            AuditEvent(time: "2026-11-22T09:00:00.000Z", actor: "alice@example.com", action: "user.create", target: "bob@example.com"),
            AuditEvent(
                time: "2026-11-22T10:00:00.000Z", actor: "apply", action: "group.update", target: "aws-admins",
                details: #"{"before":{"name":"admins"},"after":{"name":"aws-admins"}}"#),
            AuditEvent(
                time: "2026-11-22T11:00:00.000Z", actor: "alice@example.com", action: "user.update", target: "<script>\"山田\"</script>",
                outcome: .failure, ip: "192.0.2.1", requestID: "req-1"),
        ]
        let ids = try db.write { db in try events.map { try AuditStore(db).append($0) } }
        #expect(ids == ids.sorted())

        let all = try db.read { try AuditStore($0).list() }
        #expect(all.total == 3)
        #expect(all.items.map(\.action) == ["user.update", "group.update", "user.create"])
        var newest = events[2]
        newest.id = ids[2]
        #expect(all.items.first == newest)

        #expect(try db.read { try AuditStore($0).list(.init(actor: "alice@example.com")) }.total == 2)
        #expect(try db.read { try AuditStore($0).list(.init(action: "group.update")) }.items.first?.details == events[1].details)
        #expect(try db.read { try AuditStore($0).list(.init(target: "bob@example.com")) }.total == 1)
        let window = try db.read {
            try AuditStore($0).list(.init(since: "2026-11-22T09:30:00.000Z", until: "2026-11-22T10:30:00.000Z"))
        }
        #expect(window.items.map(\.actor) == ["apply"])
        let paged = try db.read { try AuditStore($0).list(limit: 1, offset: 1) }
        #expect(paged.items.map(\.action) == ["group.update"])
        #expect(paged.total == 3)
    }

    @Test func refusesDetailsThatAreNotJSON() throws {
        #expect(throws: SQLiteError.self) {
            try db.write { try AuditStore($0).append(AuditEvent(time: "t", actor: "a", action: "b", details: "password=secret")) }
        }
    }

    @Test func appendsInTheCallersTransactionAndRollsBackWithIt() throws {
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.write { db in
                try UserStore(db).create(User(email: "x@example.com", displayName: "X"))
                try AuditStore(db).append(AuditEvent(time: "2026-11-22T09:00:00.000Z", actor: "admin", action: "user.create"))
                throw Abort()
            }
        }
        #expect(try db.read { try AuditStore($0).list() }.total == 0)
        #expect(try db.read { try UserStore($0).count() } == 0)
    }
}

extension AuditStoreTests {
    private func appendNumbered(_ count: Int) throws {
        try db.write { db in
            for index in 0..<count {
                // Two events per second, so pages must break ties between equal times by id.
                let second = index / 2
                try AuditStore(db).append(
                    AuditEvent(
                        time:
                            "2026-11-22T09:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60).000Z",
                        actor: index % 3 == 0 ? "alice@example.com" : "bob@example.com",
                        action: index % 2 == 0 ? "user.update" : "group.update",
                        target: "t\(index)", ip: "192.0.2.\(index % 250)", requestID: "req-\(index)",
                        details: "{\n  \"n\": \(index),\n  \"text\": \"line\\nbreak <b>\"\n}"))
            }
        }
    }

    @Test func exportPagesByCursorThroughEveryMatchingEventOnce() throws {
        try appendNumbered(101)
        var cursor: AuditStore.Cursor?
        var lines: [String] = []
        var pages = 0
        while true {
            let page = try db.read { try AuditStore($0).jsonLines(.init(actor: "bob@example.com"), after: cursor, limit: 7) }
            guard let last = page.last else { break }
            lines += page.map(\.line)
            cursor = last.cursor
            pages += 1
        }
        let expected = try db.read { try AuditStore($0).list(.init(actor: "bob@example.com"), limit: 1_000) }.items
        #expect(lines.count == expected.count)
        #expect(lines.count == 67)
        #expect(pages == 10)
        // Same order as the page, each line one compact object whose details is an object, not a string.
        for (line, event) in zip(lines, expected) {
            #expect(!line.contains("\n"))
            #expect(line.hasPrefix("{\"id\":\(event.id!),\"time\":\"\(event.time)\",\"actor\":\"bob@example.com\""))
            #expect(line.contains("\"request_id\":\"\(event.requestID)\""))
            #expect(line.contains("\"details\":{\"n\":"))
        }
        #expect(try db.read { try AuditStore($0).count(.init(actor: "bob@example.com")) } == 67)
    }

    @Test func listsDistinctActionsAndUsesAnIndexForEachFilter() throws {
        try appendNumbered(10)
        #expect(try db.read { try AuditStore($0).actions() } == ["group.update", "user.update"])
        let plans: [(AuditStore.Filter, String)] = [
            (.init(actor: "a"), "audit_events_actor_time"), (.init(action: "user.update"), "audit_events_action_time"),
            (.init(target: "t1"), "audit_events_target_time"), (.init(since: "2026-11-22T09:00:00.000Z"), "audit_events_time"),
            (.init(), "audit_events_time"),
        ]
        for (filter, index) in plans {
            let plan = try db.read { try AuditStore($0).listPlan(filter) }.joined(separator: "; ")
            #expect(plan.contains(index), "\(filter): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(filter): \(plan)")
        }
    }
}
