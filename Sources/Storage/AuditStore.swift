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
        /// A substring of the actor, action, target or details, matched case-insensitively (ASCII) with `%` and
        /// `_` taken literally.
        package var text: String?
        /// Inclusive bounds on `time`, in the same ISO-8601 UTC form.
        package var since: String?
        package var until: String?

        package init(
            actor: String? = nil, action: String? = nil, target: String? = nil, text: String? = nil, since: String? = nil,
            until: String? = nil
        ) {
            self.actor = actor
            self.action = action
            self.target = target
            self.text = text
            self.since = since
            self.until = until
        }
    }

    let db: Connection

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

    /// A place in the newest-first order: the last event a page ended with.
    package struct Cursor: Hashable, Sendable {
        package var time: String
        package var id: Int64

        package init(time: String, id: Int64) {
            self.time = time
            self.id = id
        }
    }

    /// Matching events, newest first.
    package func list(_ filter: Filter = Filter(), limit: Int = 50, offset: Int = 0) throws -> Page<AuditEvent> {
        let (condition, bindings) = Self.condition(filter)
        let total: Int = try db.scalar("SELECT count(*) FROM audit_events \(condition)", bindings)
        let items = try db.query(
            """
            SELECT id, time, actor, action, target, outcome, ip, request_id, details FROM audit_events \(condition)
            ORDER BY time DESC, id DESC LIMIT ? OFFSET ?
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

    /// How many events match.
    package func count(_ filter: Filter = Filter()) throws -> Int {
        let (condition, bindings) = Self.condition(filter)
        return try db.scalar("SELECT count(*) FROM audit_events \(condition)", bindings)
    }

    /// Up to `limit` matching events older than `cursor` (from the newest when nil), newest first, each as one
    /// compact JSON object with every field and `details` as an object.
    ///
    /// Built for exports: paging by the last `(time, id)` seen costs the same at the millionth event as at the
    /// first (an `OFFSET` would re-read every skipped row), and events appended while an export runs are
    /// newer than its cursor, so they neither appear nor shift the pages. SQLite writes the JSON (`json()`
    /// makes `details` compact whatever its stored spacing), so a line can never break across two.
    package func jsonLines(_ filter: Filter = Filter(), after cursor: Cursor? = nil, limit: Int) throws -> [(cursor: Cursor, line: String)]
    {
        var (condition, bindings) = Self.condition(filter)
        if let cursor {
            condition += (condition.isEmpty ? "WHERE " : " AND ") + "(time < ? OR (time = ? AND id < ?))"
            bindings += [cursor.time, cursor.time, cursor.id]
        }
        return try db.query(
            """
            SELECT id, time, json_object('id', id, 'time', time, 'actor', actor, 'action', action, 'target', target,
                'outcome', outcome, 'ip', ip, 'request_id', request_id, 'details', json(details)) AS line
            FROM audit_events \(condition) ORDER BY time DESC, id DESC LIMIT ?
            """,
            bindings + [max(0, limit)]
        ).map { row in (cursor: Cursor(time: try row["time"], id: try row["id"]), line: try row["line"]) }
    }

    /// The distinct actions recorded, alphabetically, for a filter's suggestions; read from the action index.
    package func actions(limit: Int = 200) throws -> [String] {
        try db.query("SELECT DISTINCT action FROM audit_events ORDER BY action LIMIT ?", [max(0, limit)]).map { try $0["action"] }
    }

    /// The plan SQLite chooses for a page of `list`, one detail line per step, for tests of the indexes.
    package func listPlan(_ filter: Filter) throws -> [String] {
        let (condition, bindings) = Self.condition(filter)
        return try db.query(
            "EXPLAIN QUERY PLAN SELECT id FROM audit_events \(condition) ORDER BY time DESC, id DESC LIMIT 50", bindings
        ).map { try $0["detail"] }
    }

    /// The `WHERE` clause for the filters that are set, and their values.
    ///
    /// Only set filters appear in the SQL: `(? IS NULL OR actor = ?)` would keep SQLite from using the
    /// `(actor, time)` index, and each filter has such an index (migration `0006_audit_indexes`).
    private static func condition(_ filter: Filter) -> (String, [(any DatabaseValueConvertible)?]) {
        var terms: [String] = []
        var bindings: [(any DatabaseValueConvertible)?] = []
        for (column, value) in [
            ("actor = ?", filter.actor), ("action = ?", filter.action), ("target = ?", filter.target),
            ("time >= ?", filter.since), ("time <= ?", filter.until),
        ] {
            guard let value else { continue }
            terms.append(column)
            bindings.append(value)
        }
        // A substring cannot use an index, but it is checked last, so the other filters' indexes still narrow
        // the rows it reads; the form bounds its length.
        if let text = filter.text {
            let pattern = "%" + likeEscaped(text) + "%"
            terms.append(
                #"(actor LIKE ? ESCAPE '\' OR action LIKE ? ESCAPE '\' OR target LIKE ? ESCAPE '\' OR details LIKE ? ESCAPE '\')"#)
            bindings += [pattern, pattern, pattern, pattern]
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), bindings)
    }

    /// `text` with LIKE's wildcards and its escape character escaped, so a search for `50%` finds only that.
    private static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The newest successful event among `actions`: who made the last change of those kinds, and which.
    package func latest(actions: [String]) throws -> AuditEvent? {
        guard !actions.isEmpty else { return nil }
        let placeholders = Array(repeating: "?", count: actions.count).joined(separator: ", ")
        guard
            let row = try db.queryOne(
                """
                SELECT time, actor, action, target, outcome, ip, request_id, details FROM audit_events
                WHERE action IN (\(placeholders)) AND outcome = 'success' ORDER BY id DESC LIMIT 1
                """, actions)
        else { return nil }
        return AuditEvent(
            time: try row["time"], actor: try row["actor"], action: try row["action"], target: try row["target"],
            outcome: try decode(AuditEvent.Outcome.self, row["outcome"]), ip: try row["ip"], requestID: try row["request_id"],
            details: try row["details"])
    }
}
