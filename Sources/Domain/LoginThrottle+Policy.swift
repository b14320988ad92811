extension LoginThrottle {
    /// The numbers behind the throttle: allowances, delays, forgetting and memory.
    package struct Policy: Hashable, Sendable {
        /// Failed attempts an account may make before it has to wait.
        package var freeFailuresPerAccount: Int
        /// Failed attempts one client address may make, across all accounts, before it has to wait.
        package var freeFailuresPerAddress: Int
        /// The wait after the first failure beyond the allowance; each further failure doubles it.
        package var baseDelay: Duration
        package var maximumDelay: Duration
        /// A key with no attempts for this long is forgotten, so no block outlives the attacker's activity.
        package var quietPeriod: Duration
        /// The most keys each table (accounts, addresses) remembers.
        package var capacity: Int

        package init(
            freeFailuresPerAccount: Int = 5, freeFailuresPerAddress: Int = 20, baseDelay: Duration = .seconds(1),
            maximumDelay: Duration = .seconds(15 * 60), quietPeriod: Duration = .seconds(15 * 60), capacity: Int = 10_000
        ) {
            precondition(freeFailuresPerAccount >= 0 && freeFailuresPerAddress >= 0, "allowances cannot be negative")
            precondition(baseDelay > .zero && maximumDelay >= baseDelay, "delays must be positive and ordered")
            precondition(quietPeriod > .zero && capacity > 0, "quiet period and capacity must be positive")
            self.freeFailuresPerAccount = freeFailuresPerAccount
            self.freeFailuresPerAddress = freeFailuresPerAddress
            self.baseDelay = baseDelay
            self.maximumDelay = maximumDelay
            self.quietPeriod = quietPeriod
            self.capacity = capacity
        }

        /// The wait before the next attempt after `failures` failures: none within the allowance, then
        /// `baseDelay` doubling per failure, capped at `maximumDelay`.
        package func delay(afterFailures failures: Int, freeFailures: Int) -> Duration {
            guard failures >= freeFailures else { return .zero }
            let doublings = failures - freeFailures
            var delay = baseDelay
            for _ in 0..<min(doublings, 62) {
                delay = delay * 2
                if delay >= maximumDelay { return maximumDelay }
            }
            return min(delay, maximumDelay)
        }
    }
}
