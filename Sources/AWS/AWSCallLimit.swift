import Dispatch

/// A bound on AWS calls in flight, shared by every client: a counting semaphore.
///
/// IAM's request rate is per account and per partition, and a reconcile of hundreds of accounts would
/// otherwise send one call per worker thread at once and be throttled; `shared` keeps the whole process
/// under one bound, so throttling stays the exception that retries handle.
package final class AWSCallLimit: Sendable {
    package let maximum: Int
    private let semaphore: DispatchSemaphore

    package init(maximum: Int) {
        precondition(maximum > 0, "at least one call must be allowed")
        self.maximum = maximum
        semaphore = DispatchSemaphore(value: maximum)
    }

    /// Eight calls in flight for the whole process.
    package static let shared = AWSCallLimit(maximum: 8)

    /// Runs `body` once a slot is free, blocking the calling thread until then.
    package func withSlot<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return try body()
    }
}
