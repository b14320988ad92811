import CSQLite
import Glibc
import Synchronization

/// Waits out another connection's lock with a short backoff, and counts every wait.
///
/// Without a handler SQLite fails at once with `SQLITE_BUSY` whenever another process (a second
/// instance, the `sqlite3` shell, a backup) holds the write lock. `sqlite3_busy_timeout` would wait too,
/// but it cannot report how often it waited; the count becomes `portico_sqlite_busy_retries_total`,
/// the early sign of write contention. One handler serves all connections of a `Database`.
final class BusyHandler: Sendable {
    /// SQLite's own backoff for `sqlite3_busy_timeout`, in milliseconds: quick first retries for brief
    /// locks, then 100 ms steps for long ones.
    private static let delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]
    private static let totals = delays.reduce(into: [0]) { $0.append($0.last! + $1) }

    /// How long one statement may wait; the writer's handler is set to what is left of each write's patience.
    private let timeout: Atomic<Int>
    private let retries = Atomic<Int>(0)

    init(timeout: Duration) {
        self.timeout = Atomic(Self.milliseconds(timeout))
    }

    var timeoutMilliseconds: Int { timeout.load(ordering: .relaxed) }

    /// Changes how long statements wait from now on; the writer sets it before each transaction.
    func setTimeout(_ duration: Duration) {
        timeout.store(Self.milliseconds(duration), ordering: .relaxed)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// How many times any connection slept waiting for a lock.
    var retryCount: Int { retries.load(ordering: .relaxed) }

    /// Installs the handler; the connection must keep `self` alive for as long as its handle is open.
    func install(on connection: OpaquePointer) {
        sqlite3_busy_handler(
            connection,
            { context, priorCalls in
                let handler = Unmanaged<BusyHandler>.fromOpaque(context!).takeUnretainedValue()
                return handler.waitBeforeRetry(priorCalls: Int(priorCalls)) ? 1 : 0
            },
            Unmanaged.passUnretained(self).toOpaque())
    }

    /// Sleeps before the next attempt and returns true, or returns false once the timeout is spent.
    private func waitBeforeRetry(priorCalls: Int) -> Bool {
        let last = Self.delays.count - 1
        let delay = Self.delays[min(priorCalls, last)]
        let waited = priorCalls <= last ? Self.totals[priorCalls] : Self.totals[last] + (priorCalls - last) * delay
        let remaining = timeout.load(ordering: .relaxed) - waited
        guard remaining > 0 else { return false }
        retries.add(1, ordering: .relaxed)
        usleep(UInt32(min(delay, remaining)) * 1000)
        return true
    }
}
