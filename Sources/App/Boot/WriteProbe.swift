import SQLite
import Storage
import Synchronization
import Time
import Web

/// Whether the database takes a write right now: asked once at start, and by `/readyz` at most once a
/// `interval`.
///
/// A database that opens but cannot be written (a read-only file or mount, a full disk, a write lock another
/// process holds past the busy timeout) still serves every page that only reads, and `/healthz` cannot tell;
/// every sign-in fails. SQLite opens a file it may not write read-only without a word and even lets
/// `BEGIN IMMEDIATE` through, so only a real write shows it: the probe commits one change to
/// `health_probe`. A result is kept for `interval`, and while one probe runs every other caller gets the
/// last result instead of waiting, so polling `/readyz` cannot queue work for the writer.
package final class WriteProbe: Sendable {
    /// What the last probe found.
    package enum Outcome: Equatable, Sendable {
        case writable
        /// The reason, as SQLite or the system gave it; no SQL, path or value.
        case failed(String)
    }

    private struct State {
        var outcome: Outcome
        var checkedAt: Timestamp?
        var isRunning = false
    }

    private let write: @Sendable () throws -> Void
    private let clock: WallClock
    private let intervalNanoseconds: Int
    private let log: AccessLog?
    private let state = Mutex(State(outcome: .writable))

    /// Probes `database` with the write `/readyz` and the start rely on.
    package convenience init(database: Database, clock: WallClock, log: AccessLog? = nil, interval: Duration = .seconds(1)) {
        self.init(clock: clock, log: log, interval: interval) {
            try database.write { try HealthProbeStore($0).record(now: clock.epochSeconds) }
        }
    }

    /// - Parameter write: one write that throws when the database cannot take it; tests count calls.
    package init(clock: WallClock, log: AccessLog? = nil, interval: Duration = .seconds(1), write: @escaping @Sendable () throws -> Void) {
        self.write = write
        self.clock = clock
        self.log = log
        let (seconds, attoseconds) = interval.components
        intervalNanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }

    /// The last result when it is younger than the interval or another probe is running, else a new one.
    package func check() -> Outcome {
        let now = clock.now()
        let cached: Outcome? = state.withLock { state in
            if state.isRunning { return state.outcome }
            if let checkedAt = state.checkedAt, Self.nanoseconds(from: checkedAt, to: now) < intervalNanoseconds {
                return state.outcome
            }
            state.isRunning = true
            return nil
        }
        if let cached { return cached }

        let outcome: Outcome
        do {
            try write()
            outcome = .writable
        } catch let error as SQLiteError {
            outcome = .failed(error.message)
        } catch {
            outcome = .failed(String(describing: error))
        }
        let previous = state.withLock { state in
            defer { state = State(outcome: outcome, checkedAt: now) }
            return state.outcome
        }
        if outcome != previous, let log {
            switch outcome {
            case .writable: log.log(.info, "database writable again")
            case .failed(let reason): log.log(.error, "database cannot be written", fields: [("error", reason)])
            }
        }
        return outcome
    }

    /// `/readyz`: 200 while the database takes writes, else 503 with the reason.
    func response() -> HTTPResponse {
        switch check() {
        case .writable: .text("ready\n")
        case .failed(let reason): .text("not ready: the database cannot be written: \(reason)\n", status: .serviceUnavailable)
        }
    }

    private static func nanoseconds(from start: Timestamp, to end: Timestamp) -> Int {
        (end.seconds - start.seconds) * 1_000_000_000 + (end.nanoseconds - start.nanoseconds)
    }
}
