import Synchronization

/// Read-only connections, opened on first need up to a maximum, each lent to one reader at a time.
///
/// Past the maximum, readers wait for a connection to come back rather than open a temporary one.
/// Reads are short, so the wait is short, and it happens exactly when the server is overloaded: opening
/// extra handles then would add file descriptors, page caches and cold statement caches at the worst
/// moment, and leave `maxReaders` meaning nothing. The semaphore counts free slots (idle or not yet
/// opened); the mutex guards only the idle stack, so opening a connection happens outside any lock.
/// The stack is last-in-first-out so the warmest connection, with the fullest statement cache, goes next.
final class ReaderPool: Sendable {
    let maximumCount: Int
    private let slots: Semaphore
    private let idle = Mutex<[ExclusiveConnection]>([])
    private let openConnection: @Sendable () throws -> ExclusiveConnection

    init(maximumCount: Int, openConnection: @escaping @Sendable () throws -> ExclusiveConnection) {
        precondition(maximumCount > 0, "a reader pool needs at least one connection")
        self.maximumCount = maximumCount
        self.slots = Semaphore(permits: maximumCount)
        self.openConnection = openConnection
    }

    /// Connections opened so far and currently idle.
    var idleCount: Int { idle.withLock { $0.count } }

    /// Lends a connection to `body`, waiting while all `maximumCount` are lent out.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        // A free slot with an empty stack means fewer than maximumCount are open, so opening one is allowed.
        let lent = try idle.withLock { $0.popLast() } ?? openConnection()
        defer {
            // A connection stuck in a transaction would hand its old snapshot to the next reader: drop it.
            if !lent.connection.isInTransaction {
                idle.withLock { $0.append(lent) }
            }
        }
        return try body(lent.connection)
    }
}
