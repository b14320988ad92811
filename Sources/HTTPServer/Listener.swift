import CLinux
import Glibc
import Synchronization
import System

/// The server's one listening socket, shared by every event loop and closed when the last of them lets go.
///
/// One socket rather than one `SO_REUSEPORT` socket per loop: Linux lets any process of the same user join a
/// reuseport group, so a second `portico serve` on the same address used to start without a word and take
/// half the connections. A plain socket makes that second bind fail with `EADDRINUSE`. Each loop registers it
/// with `EPOLLEXCLUSIVE` (see `EventLoop`), so a new connection wakes one loop waiting in `epoll_wait` instead
/// of all of them, and a loop busy with its own connections is passed over.
///
/// Each loop holds it until it stops polling it for good, so no loop calls `accept` on a number that is closed
/// (and perhaps already reused); the last one to let go closes it, which refuses new connections at once.
final class Listener: Sendable {
    let fd: Int32
    /// The bound port (the one the kernel chose when asked for port 0).
    let port: Int
    private let holders = Atomic<Int>(1)

    /// Binds and listens; the caller holds the listener until it calls `release()`.
    ///
    /// `SO_REUSEADDR` lets a restarted server bind while the old one's connections sit in `TIME_WAIT`; it
    /// does not let two listening sockets share an address.
    init(address: SocketAddress, backlog: Int32 = 4096) throws(ListenError) {
        var opened: Int32 = -1
        do {
            opened = try SystemCalls.socket(domain: address.family, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
            try SystemCalls.setOption(opened, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try address.withSockaddr { try SystemCalls.bind(opened, address: $0, length: address.length) }
            try SystemCalls.listen(opened, backlog: backlog)
            var bound = sockaddr_storage()
            try SystemCalls.localAddress(opened, into: &bound)
            port = SocketAddress.port(of: &bound)
        } catch {
            if opened >= 0 { SystemCalls.closeIgnoringErrors(opened) }
            // SystemCalls throws nothing else.
            let failure = error as? SystemCallError ?? SystemCallError(call: "listen", errorNumber: EINVAL)
            throw ListenError(address: address.description, failure: failure)
        }
        fd = opened
    }

    deinit { assert(holders.load(ordering: .relaxed) == 0, "listener \(fd) released without being closed") }

    /// Another holder: a loop that has registered the socket with its epoll.
    func retain() {
        holders.add(1, ordering: .relaxed)
    }

    /// Lets go; the last holder closes the socket.
    func release() {
        if holders.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { SystemCalls.closeIgnoringErrors(fd) }
    }
}
