/// Prepared statements keyed by their SQL text, evicting the least recently used beyond a capacity.
///
/// The app runs a fixed set of SQL strings, so a small cache turns almost every call into a reset and a
/// bind instead of a parse. The bound keeps a connection's memory flat if some caller builds SQL dynamically
/// (an `IN (?, ?, …)` list per length). Eviction scans for the oldest entry: that happens only on a miss
/// with a full cache, where the prepare it accompanies costs far more than scanning 128 entries.
struct StatementCache {
    let capacity: Int
    private var entries: [String: (statement: Statement, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a statement cache needs room for at least one statement")
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The cached statement for `sql`, marked as just used.
    mutating func statement(for sql: String) -> Statement? {
        guard let entry = entries[sql] else { return nil }
        clock += 1
        entries[sql] = (entry.statement, clock)
        return entry.statement
    }

    mutating func insert(_ statement: Statement) {
        if entries[statement.sql] == nil, entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
        {
            entries[oldest] = nil
        }
        clock += 1
        entries[statement.sql] = (statement, clock)
    }

    /// Drops every statement, finalizing those no caller still holds.
    mutating func removeAll() {
        entries.removeAll()
    }
}
