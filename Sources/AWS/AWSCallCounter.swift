import Synchronization

/// How many AWS calls were made, and how many of them change something: a reconcile's figures, and the
/// proof that a second reconcile of an unchanged account writes nothing. Retries count as calls.
package final class AWSCallCounter: Sendable {
    private let calls = Atomic<Int>(0)
    private let writes = Atomic<Int>(0)

    package init() {}

    /// Every request sent, reads and writes, each retry included.
    package var callCount: Int { calls.load(ordering: .relaxed) }
    /// Requests of actions that change something (`Create…`, `Put…`, `Attach…`, …), retries included.
    package var writeCallCount: Int { writes.load(ordering: .relaxed) }

    func record(isWrite: Bool) {
        calls.add(1, ordering: .relaxed)
        if isWrite { writes.add(1, ordering: .relaxed) }
    }
}
