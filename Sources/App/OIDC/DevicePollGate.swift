import Domain
import Synchronization

/// When each pending device code was last polled, in memory, so that polling faster than the interval is
/// answered `slow_down` (RFC 8628 §3.5) without a database write per poll.
///
/// Forgetting everything at a restart only lets one early poll through per code. Entries older than a
/// device code's lifetime are dropped as the table grows, so it holds at most the codes polled in the
/// last ten minutes.
final class DevicePollGate: Sendable {
    /// Clients sleep `interval` between polls plus their own latency, but the clock is read in whole
    /// seconds: a poll a second early still counts as on time.
    static let tolerance = 1
    private static let sweepThreshold = 4_096

    private let lastPolls = Mutex<[String: Int]>([:])

    init() {}

    /// Records a poll of `deviceCodeHash` at `now`; false when the previous one was less than `interval` ago.
    func admit(_ deviceCodeHash: String, at now: Int, interval: Int) -> Bool {
        lastPolls.withLock { polls in
            if polls.count >= Self.sweepThreshold {
                polls = polls.filter { now - $0.value < DeviceAuthorization.lifetime }
            }
            defer { polls[deviceCodeHash] = now }
            guard let last = polls[deviceCodeHash] else { return true }
            return now - last >= interval - Self.tolerance
        }
    }

    func forget(_ deviceCodeHash: String) {
        _ = lastPolls.withLock { $0.removeValue(forKey: deviceCodeHash) }
    }
}
