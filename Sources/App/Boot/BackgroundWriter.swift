import Dispatch
import SQLite
import Storage
import Synchronization
import Time
import Web

/// A serial queue for writes nobody waits for: a session's last-seen time and pruning ended sessions.
///
/// Event loops must never wait on SQLite's writer, but a signed-in page view should still note when the
/// session was last used. The loop hands the write here and answers at once; `SessionStore.touch` writes
/// at most once a minute per session, so the queue stays short. Failures are logged, never shown: a
/// missed last-seen update must not fail a page.
final class BackgroundWriter: Sendable {
    /// How often ended sessions are pruned.
    static let pruneInterval = 10 * 60

    private let database: Database
    private let log: AccessLog
    private let clock: WallClock
    private let queue = DispatchQueue(label: "portico.background-writer")
    private let stopped = Atomic<Bool>(false)

    init(database: Database, log: AccessLog, clock: WallClock) {
        self.database = database
        self.log = log
        self.clock = clock
        schedulePrune()
    }

    private func schedulePrune() {
        queue.asyncAfter(deadline: .now() + .seconds(Self.pruneInterval)) { [weak self] in
            guard let self, !self.stopped.load(ordering: .acquiring) else { return }
            do {
                let pruned = try SessionStore.prune(self.database, now: self.clock.epochSeconds)
                if pruned > 0 { self.log.log(.info, "pruned ended sessions", fields: [("count", String(pruned))]) }
            } catch {
                self.log.log(.warning, "session prune failed", fields: [("error", String(describing: error))])
            }
            self.schedulePrune()
        }
    }

    /// Records that the session was used now, later, off the caller's thread.
    func touch(sessionID: Int64, now: Int) {
        queue.async { [database, log] in
            do {
                _ = try database.write { try SessionStore($0).touch(id: sessionID, now: now) }
            } catch {
                log.log(.warning, "session last-seen update failed", fields: [("error", String(describing: error))])
            }
        }
    }

    /// Runs every write queued so far; for shutdown and tests.
    func drain() {
        queue.sync {}
    }

    /// Stops pruning and finishes what is queued.
    func stop() {
        stopped.store(true, ordering: .releasing)
        drain()
    }
}
