/// One loop's open connections, indexed by descriptor number, so an epoll token finds its connection
/// without hashing.
///
/// The kernel hands out the lowest free descriptor numbers, so the table stays about as long as the most
/// descriptors the process ever held at once. Touched only on the owning loop's thread.
struct ConnectionTable {
    private var slots: [LoopConnection?] = []
    /// Connections in the table.
    private(set) var count = 0

    /// Slot numbers to walk for a sweep; a connection closed during the walk just leaves its slot empty.
    var slotNumbers: Range<Int> { slots.indices }

    subscript(slot: Int) -> LoopConnection? { slots[slot] }

    /// The connection an epoll event or a worker's reply was meant for, unless it has closed since: then the
    /// slot is empty or holds a newer connection on the reused number, whose generation differs.
    func connection(for token: UInt64) -> LoopConnection? {
        let slot = Int(UInt32(truncatingIfNeeded: token))
        guard slot < slots.count, let connection = slots[slot], connection.token == token else { return nil }
        return connection
    }

    /// Files a newly accepted connection under its descriptor number; returns the connection it displaced.
    ///
    /// The slot is normally empty, because the kernel only hands out a number no one holds. A connection still
    /// in it means its descriptor was closed behind its owner's back: a double close elsewhere in the process
    /// (another thread closing a number it had already closed) hit a number that had been reused for this
    /// loop's socket. That connection comes back abandoned, marked closed without calling close(2), which would
    /// now close the new connection's socket; its late epoll events and worker replies carry the old
    /// generation and are ignored. Dropping one connection beats crashing the process or writing its response
    /// to whichever client now owns the number.
    mutating func insert(_ connection: LoopConnection) -> LoopConnection? {
        let slot = Int(connection.fd)
        if slot >= slots.count {
            slots.append(contentsOf: repeatElement(nil, count: max(slot + 1 - slots.count, slots.count)))
        }
        let displaced = slots[slot]
        slots[slot] = connection
        if let displaced {
            displaced.abandon()
        } else {
            count += 1
        }
        return displaced
    }

    /// Takes a connection out before it closes its descriptor.
    mutating func remove(_ connection: LoopConnection) {
        let slot = Int(connection.fd)
        guard slot >= 0, slot < slots.count, slots[slot] === connection else { return }
        slots[slot] = nil
        count -= 1
    }
}
