import Synchronization

/// Slows down password guessing per account and per client address, in memory.
///
/// Each key may fail `freeFailures` times; after that every further attempt must wait a delay that
/// doubles with each failure (1 s, 2 s, 4 s, … up to `maximumDelay`). Attempts made while waiting are
/// refused and do not count, so an attacker hammering a victim's account cannot stretch the block: it
/// always ends `maximumDelay` after the last attempt that was actually let through, and a key forgets
/// everything after `quietPeriod` without attempts. Addresses get a larger allowance than accounts,
/// because many people share one office NAT.
///
/// An allowed attempt counts as a failure at once, before the password is even checked, and
/// `recordSuccess` gives it back. Checking and counting in two steps would let a burst of parallel
/// guesses all pass the check before any failure was recorded. An unknown email counts like a wrong
/// password, so the throttle does not reveal which accounts exist.
///
/// The tables are bounded by `capacity`; when one is full, quiet entries go first and then the oldest.
/// Time comes from the injected clock, so tests drive it without sleeping. Shared by every event loop
/// and worker, hence the mutex; each call holds it only for a few dictionary operations.
package final class LoginThrottle: Sendable {
    /// The answer to "may this sign-in attempt go ahead?".
    package enum Decision: Hashable, Sendable {
        case allowed
        /// Refused; the client may try again after this many whole seconds (the `Retry-After` value).
        case throttled(retryAfterSeconds: Int)
    }

    package let policy: Policy
    private let clock: @Sendable () -> Duration
    private let state: Mutex<State>

    /// A throttle reading time from `clock`, any monotonic reading (only differences matter).
    package init(policy: Policy = Policy(), clock: @escaping @Sendable () -> Duration = LoginThrottle.monotonicClock()) {
        self.policy = policy
        self.clock = clock
        self.state = Mutex(State())
    }

    /// Seconds since the clock was made, from the system's monotonic clock, so wall-clock jumps do not
    /// lift or lengthen a block.
    package static func monotonicClock() -> @Sendable () -> Duration {
        let origin = ContinuousClock.now
        return { origin.duration(to: .now) }
    }

    /// Decides whether an attempt for `account` (the typed email) from `address` may proceed, and if it
    /// may, counts it as failed until `recordSuccess` says otherwise.
    package func attempt(account: String, address: String) -> Decision {
        let now = clock()
        let accountKey = Self.accountKey(account)
        let addressKey = Self.addressKey(address)
        return state.withLock { state in
            let accountWait = state.accounts.wait(for: accountKey, now: now, policy: policy)
            let addressWait = state.addresses.wait(for: addressKey, now: now, policy: policy)
            let wait = max(accountWait, addressWait)
            guard wait <= .zero else { return .throttled(retryAfterSeconds: Self.wholeSecondsRoundingUp(wait)) }
            state.accounts.recordFailure(for: accountKey, now: now, freeFailures: policy.freeFailuresPerAccount, policy: policy)
            state.addresses.recordFailure(
                for: addressKey, now: now, freeFailures: policy.freeFailuresPerAddress, policy: policy)
            return .allowed
        }
    }

    /// The password was right: the account starts afresh and the address gets back the attempt it spent.
    ///
    /// The address keeps its other failures, so an attacker cannot wipe their address's record by signing
    /// in to an account of their own.
    package func recordSuccess(account: String, address: String) {
        let accountKey = Self.accountKey(account)
        let addressKey = Self.addressKey(address)
        state.withLock { state in
            state.accounts.remove(accountKey)
            state.addresses.refundOne(for: addressKey, freeFailures: policy.freeFailuresPerAddress, policy: policy)
        }
    }

    /// How many account and address keys are remembered; for tests and metrics.
    package var entryCounts: (accounts: Int, addresses: Int) {
        state.withLock { ($0.accounts.count, $0.addresses.count) }
    }

    /// Accounts are keyed by the lowercased, trimmed email as typed, whether or not such a user exists.
    static func accountKey(_ account: String) -> String {
        let trimmed = account.unicodeScalars.drop { $0.properties.isWhitespace }
        let key = String(String.UnicodeScalarView(trimmed.reversed().drop { $0.properties.isWhitespace }.reversed()))
            .lowercased()
        // Longer than any stored address could be, but bounded, so a megabyte "email" costs no memory.
        return String(key.utf8.prefix(320)) ?? String(key.unicodeScalars.prefix(80))
    }

    private static func wholeSecondsRoundingUp(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    private struct State {
        var accounts = Table()
        var addresses = Table()
    }

    /// One key's record: failures counted since the last quiet period, the last counted attempt, the wait.
    private struct Entry {
        var failures: Int
        var lastAttempt: Duration
        var blockedUntil: Duration
    }

    /// The failures of one kind of key, bounded in size.
    private struct Table {
        private var entries: [String: Entry] = [:]

        var count: Int { entries.count }

        /// How long `key` must still wait; zero or less when it may try now. Forgets a key gone quiet.
        mutating func wait(for key: String, now: Duration, policy: Policy) -> Duration {
            guard let entry = entries[key] else { return .zero }
            if isQuiet(entry, now: now, policy: policy) {
                entries[key] = nil
                return .zero
            }
            return entry.blockedUntil - now
        }

        mutating func recordFailure(for key: String, now: Duration, freeFailures: Int, policy: Policy) {
            if entries[key] == nil, entries.count >= policy.capacity { evict(now: now, policy: policy) }
            var entry = entries[key] ?? Entry(failures: 0, lastAttempt: now, blockedUntil: now)
            entry.failures += 1
            entry.lastAttempt = now
            entry.blockedUntil = now + policy.delay(afterFailures: entry.failures, freeFailures: freeFailures)
            entries[key] = entry
        }

        mutating func refundOne(for key: String, freeFailures: Int, policy: Policy) {
            guard var entry = entries[key] else { return }
            entry.failures -= 1
            guard entry.failures > 0 else {
                entries[key] = nil
                return
            }
            // The wait was set by the attempt just given back; it becomes what the remaining failures earn.
            entry.blockedUntil = entry.lastAttempt + policy.delay(afterFailures: entry.failures, freeFailures: freeFailures)
            entries[key] = entry
        }

        mutating func remove(_ key: String) {
            entries[key] = nil
        }

        /// Drops quiet entries; if that frees nothing, the oldest quarter, so eviction runs rarely.
        private mutating func evict(now: Duration, policy: Policy) {
            entries = entries.filter { !isQuiet($0.value, now: now, policy: policy) }
            guard entries.count >= policy.capacity else { return }
            let oldest = entries.sorted { $0.value.lastAttempt < $1.value.lastAttempt }.prefix(max(1, entries.count / 4))
            for (key, _) in oldest { entries[key] = nil }
        }

        private func isQuiet(_ entry: Entry, now: Duration, policy: Policy) -> Bool {
            now - entry.lastAttempt >= policy.quietPeriod && now >= entry.blockedUntil
        }
    }
}
