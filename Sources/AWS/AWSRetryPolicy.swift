import Glibc

/// How often and how patiently an AWS call is tried again after throttling or a failure on AWS's side.
///
/// Exponential backoff with full jitter, as AWS's architecture blog recommends: before attempt n+1 the
/// caller sleeps a random time between 0 and `min(maximumDelay, baseDelay × 2ⁿ⁻¹)`, so clients throttled
/// together do not come back together. The sleeper and the random source are injected, so tests do not sleep.
package struct AWSRetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maximumAttempts: Int
    package var baseDelay: Duration
    package var maximumDelay: Duration
    package var sleep: @Sendable (Duration) -> Void
    /// A number in `0...1`.
    package var random: @Sendable () -> Double

    package init(
        maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) -> Void = AWSRetryPolicy.threadSleep,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        precondition(maximumAttempts >= 1, "at least one attempt")
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.sleep = sleep
        self.random = random
    }

    /// One attempt, no retries.
    package static let never = AWSRetryPolicy(maximumAttempts: 1)

    /// The pause before attempt `attempt + 1`, after `attempt` failed (1-based).
    package func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(attempt - 1, 30)
        let ceiling = min(maximumDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(random(), 0), 1)
    }

    /// Blocks the calling thread (a worker's, never an event loop's).
    package static let threadSleep: @Sendable (Duration) -> Void = { duration in
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1, errno == EINTR { request = remaining }
    }
}
