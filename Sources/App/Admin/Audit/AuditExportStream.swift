import SQLite
import Storage
import Synchronization
import Web

/// The body of `/admin/audit.jsonl`: matching audit events as JSON lines, read a page at a time as the
/// connection can take them.
///
/// The event loop asks for the next piece only when the socket has room, so memory stays at one page
/// however long the log is; each page is a short read transaction through the store's cursor, never an
/// `OFFSET` that gets slower the further it goes. If a read fails half-way, the body ends with one
/// `{"error": …}` line instead of stopping silently, so a truncated download cannot pass for a whole one.
final class AuditExportStream: HTTPBodyStream {
    /// Events per read; about 200 KB of JSON for typical details.
    static let pageSize = 500

    private struct State {
        var cursor: AuditStore.Cursor?
        var remaining: Int
        var isFinished = false
    }

    private let database: Database
    private let filter: AuditStore.Filter
    private let state: Mutex<State>

    /// Streams at most `limit` events matching `filter`, newest first.
    init(database: Database, filter: AuditStore.Filter, limit: Int) {
        self.database = database
        self.filter = filter
        self.state = Mutex(State(remaining: limit))
    }

    func next() -> [UInt8]? {
        state.withLock { state in
            guard !state.isFinished, state.remaining > 0 else { return nil }
            let page: [(cursor: AuditStore.Cursor, line: String)]
            do {
                let cursor = state.cursor
                let limit = min(Self.pageSize, state.remaining)
                page = try database.read { try AuditStore($0).jsonLines(filter, after: cursor, limit: limit) }
            } catch {
                state.isFinished = true
                return Array(#"{"error":"the export stopped early because the database could not be read; download it again"}"#.utf8) + [10]
            }
            guard let last = page.last else {
                state.isFinished = true
                return nil
            }
            state.cursor = last.cursor
            state.remaining -= page.count
            if page.count < min(Self.pageSize, state.remaining + page.count) { state.isFinished = true }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(page.reduce(0) { $0 + $1.line.utf8.count + 1 })
            for entry in page {
                bytes.append(contentsOf: entry.line.utf8)
                bytes.append(UInt8(ascii: "\n"))
            }
            return bytes
        }
    }
}
