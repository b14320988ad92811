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
