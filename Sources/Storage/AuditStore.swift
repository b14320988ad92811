import Domain
import SQLite

/// The append-only audit log. Append inside the transaction that makes the change, so either both
/// are committed or neither is.
package struct AuditStore {
    /// Which events a list shows; nil fields do not filter.
    package struct Filter: Hashable, Sendable {
        package var actor: String?
        package var action: String?
        package var target: String?
        /// Inclusive bounds on `time`, in the same ISO-8601 UTC form.
        package var since: String?
        package var until: String?

        package init(actor: String? = nil, action: String? = nil, target: String? = nil, since: String? = nil, until: String? = nil) {
            self.actor = actor
            self.action = action
            self.target = target
            self.since = since
            self.until = until
        }
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Appends `event` and returns its id. `details` must be a JSON object (the schema refuses anything else).
    @discardableResult
    package func append(_ event: AuditEvent) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO audit_events (time, actor, action, target, outcome, ip, request_id, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [event.time, event.actor, event.action, event.target, event.outcome.rawValue, event.ip, event.requestID, event.details])
        return db.lastInsertRowID
    }

    /// Matching events, newest first.
    package func list(_ filter: Filter = Filter(), limit: Int = 50, offset: Int = 0) throws -> Page<AuditEvent> {
        let condition = """
            WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR target = ?3)
                AND (?4 IS NULL OR time >= ?4) AND (?5 IS NULL OR time <= ?5)
            """
        let bindings: [(any DatabaseValueConvertible)?] = [filter.actor, filter.action, filter.target, filter.since, filter.until]
        let total: Int = try db.scalar("SELECT count(*) FROM audit_events \(condition)", bindings)
        let items = try db.query(
            """
            SELECT id, time, actor, action, target, outcome, ip, request_id, details FROM audit_events \(condition)
            ORDER BY time DESC, id DESC LIMIT ?6 OFFSET ?7
            """,
            bindings + [max(0, limit), max(0, offset)]
        ).map { row in
            AuditEvent(
                id: try row["id"], time: try row["time"], actor: try row["actor"], action: try row["action"],
                target: try row["target"], outcome: try decode(AuditEvent.Outcome.self, row["outcome"]), ip: try row["ip"],
                requestID: try row["request_id"], details: try row["details"])
        }
        return Page(items: items, total: total)
    }
}
