import System

/// One accepted socket on its event loop: the state machine plus what is left to write.
///
/// Owned by exactly one loop and touched only on that loop's thread. `fd` is set to -1 when closed (or when
/// someone else closed it, see `abandon()`), and `deinit` checks that it was, so a descriptor is closed
/// exactly once.
final class LoopConnection {
    private(set) var fd: Int32
    let generation: UInt32
    let remoteAddress: String
    var machine: HTTPConnectionStateMachine
    /// The socket may have unread bytes (edge-triggered: cleared on a short read or EAGAIN).
    var readable = true
    /// The socket may take more bytes (cleared on EAGAIN, set by EPOLLOUT).
    var writable = true
    var output: [UInt8] = []
    var outputOffset = 0
    var file: FileRegion?
    var fileOffset = 0
    var fileRemaining = 0
    var stream: (any HTTPBodyStream)?
    var streamChunked = false

    init(fd: Int32, generation: UInt32, remoteAddress: String, machine: HTTPConnectionStateMachine) {
        self.fd = fd
        self.generation = generation
        self.remoteAddress = remoteAddress
        self.machine = machine
    }

    deinit { assert(fd == -1, "connection \(fd) released without being closed") }

    /// The epoll user data: descriptor in the low half, generation in the high half, so a stale event for a
    /// reused descriptor number is recognised and ignored.
    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    var hasPendingOutput: Bool { outputOffset < output.count || file != nil || stream != nil }

    func close() {
        guard fd >= 0 else { return }
        SystemCalls.closeIgnoringErrors(fd)
        abandon()
    }

    /// Lets go of the descriptor number without closing it: someone else closed it, and it may already name
    /// another socket (see `ConnectionTable.insert`).
    func abandon() {
        fd = -1
        file = nil
        stream = nil
    }
}
