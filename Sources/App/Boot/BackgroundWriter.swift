import Dispatch
import SQLite
import Storage
import Synchronization
import Time
import Web

/// A serial queue for writes nobody waits for: a session's last-seen time, pruning ended sessions, and
/// checkpointing the WAL.
///
/// Event loops must never wait on SQLite's writer, but a signed-in page view should still note when the
/// session was last used. The loop hands the write here and answers at once; `SessionStore.touch` writes
/// at most once a minute per session, so the queue stays short. Failures are logged, never shown: a
/// missed last-seen update must not fail a page.
final class BackgroundWriter: Sendable {
    /// How often ended sessions and expired SAML sign-in state are pruned.
    static let pruneInterval = 10 * 60
    /// How often the WAL is checkpointed while the server runs.
    static let checkpointInterval = 5 * 60

    private let database: Database
    private let log: AccessLog
    private let clock: WallClock
    private let queue = DispatchQueue(label: "portico.background-writer")
    private let stopped = Atomic<Bool>(false)
    /// The WAL's frames at the last checkpoint; the same count again means nothing was written since.
    private let framesAtLastCheckpoint = Mutex<Int>(0)

    /// - Parameter firstPrune: how soon after start the first prune runs; a backlog left by downtime goes
    ///   first, in batches that a stop interrupts.
    init(database: Database, log: AccessLog, clock: WallClock, firstPrune: Duration = .seconds(2)) {
        self.database = database
        self.log = log
        self.clock = clock
        let (seconds, attoseconds) = firstPrune.components
        schedulePrune(after: .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
        scheduleCheckpoint()
    }

    private func schedulePrune(after delay: DispatchTimeInterval = .seconds(BackgroundWriter.pruneInterval)) {
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self, !self.isStopped else { return }
            do {
                let pruned = try SessionStore.prune(self.database, now: self.clock.epochSeconds) { self.isStopped }
                if pruned > 0 || self.isStopped {
                    self.log.log(
                        .info, self.isStopped ? "session prune stopped" : "pruned ended sessions", fields: [("count", String(pruned))])
                }
            } catch {
                self.log.log(.warning, "session prune failed", fields: [("error", String(describing: error))])
            }
            // SAML sign-in state (unanswered requests, the replay cache, pending sign-ins) lives minutes.
            do {
                _ = try self.database.write { try SAMLSignInStore($0).prune(now: self.clock.epochSeconds) }
            } catch {
                self.log.log(.warning, "SAML sign-in prune failed", fields: [("error", String(describing: error))])
            }
            // Answered security-key challenges only need remembering until they expire (five minutes).
            do {
                _ = try self.database.write { try WebAuthnStore($0).pruneAnsweredChallenges(now: self.clock.epochSeconds) }
            } catch {
                self.log.log(.warning, "security key challenge prune failed", fields: [("error", String(describing: error))])
            }
            // CLI sign-in state: device and PKCE authorizations live minutes, client registrations 90 days.
            do {
                let now = self.clock.epochSeconds
                _ = try self.database.write { db in
                    try DeviceAuthorizationStore(db).prune(now: now) + AuthorizationCodeStore(db).prune(now: now)
                        + OIDCClientStore(db).prune(now: now)
                }
            } catch {
                self.log.log(.warning, "CLI sign-in prune failed", fields: [("error", String(describing: error))])
            }
            self.schedulePrune()
        }
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func scheduleCheckpoint() {
        queue.asyncAfter(deadline: .now() + .seconds(Self.checkpointInterval)) { [weak self] in
            guard let self, !self.isStopped else { return }
            self.checkpoint()
            self.scheduleCheckpoint()
        }
    }

    /// Copies the WAL into the database file without waiting for anyone, so the file on disk stays close
    /// to current; when nothing was written since the last time, also empties the WAL, which then waits
    /// only for readers, and an idle server has none for long.
    func checkpoint() {
        do {
            let passive = try database.checkpoint(.passive)
            let previous = framesAtLastCheckpoint.withLock { $0 }
            var frames = passive.frames
            if passive.isComplete, frames > 0, frames == previous {
                frames = try database.checkpoint(.truncate).frames
            }
            framesAtLastCheckpoint.withLock { $0 = frames }
        } catch {
            log.log(.warning, "WAL checkpoint failed", fields: [("error", String(describing: error))])
        }
    }

    /// Records that the session was used now, later, off the caller's thread.
    func touch(sessionID: Int64, now: Int) {
        enqueue("session last-seen update") { try SessionStore($0).touch(id: sessionID, now: now) }
    }

    /// Runs `write` later, off the caller's thread, in its own transaction; a failure is logged as `what`.
    func enqueue(_ what: String, _ write: @escaping @Sendable (Connection) throws -> Void) {
        queue.async { [database, log] in
            do {
                try database.write { try write($0) }
            } catch {
                log.log(.warning, "\(what) failed", fields: [("error", String(describing: error))])
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
