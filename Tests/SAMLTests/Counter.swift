import Synchronization

/// Deterministic IDs `_id1`, `_id2`, … for exact-value assertions.
final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> String {
        "_id"
            + String(
                value.withLock {
                    $0 += 1; return $0
                })
    }
}
