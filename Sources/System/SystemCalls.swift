import CLinux
import Glibc

/// The one path from Portico to libc's I/O calls.
///
/// Every call retries on `EINTR`, reports `EAGAIN`/`EWOULDBLOCK` as `.wouldBlock`, and throws a typed
/// error naming the call for anything else (the shape of SwiftNIO's `System.swift`). `EBADF` and `EFAULT`
/// are not errors to handle but bugs (a descriptor used after it was closed, or a bad buffer): carrying on
/// could read or write someone else's connection, so they stop the process, as NIO does. No other file
/// calls `read`, `write`, `accept4` and friends directly.
package enum SystemCalls {
    /// Throws the error for `code`, or stops the process when the code means a bug in Portico.
    @inline(__always)
    private static func failure(_ name: String, _ code: Int32) throws -> Never {
        if isProgrammingError(code) { programmingError(name, code) }
        throw SystemCallError(call: name, errorNumber: code)
    }

    /// `EBADF` and `EFAULT`: the caller passed a descriptor it does not own or memory it may not use.
    package static func isProgrammingError(_ code: Int32) -> Bool {
        code == EBADF || code == EFAULT
    }

    static func programmingError(_ name: String, _ code: Int32) -> Never {
        fatalError("\(name) failed with \(SystemCallError(call: name, errorNumber: code)): a descriptor or buffer was misused")
    }

    @inline(__always)
    private static func retrying<T: FixedWidthInteger>(_ name: String, _ body: () -> T) throws -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            try failure(name, code)
        }
    }

    @inline(__always)
    private static func retryingNonBlocking<T: FixedWidthInteger>(_ name: String, _ body: () -> T) throws -> IOResult<T> {
        while true {
            let result = body()
            if result >= 0 { return .done(result) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            try failure(name, code)
        }
    }

    // MARK: Sockets

    package static func socket(domain: Int32, type: Int32) throws -> Int32 {
        try retrying("socket") { Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    package static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws {
        var value = value
        _ = try retrying("setsockopt") {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    package static func bind(_ fd: Int32, address: UnsafePointer<sockaddr>, length: socklen_t) throws {
        _ = try retrying("bind") { Glibc.bind(fd, address, length) }
    }

    package static func listen(_ fd: Int32, backlog: Int32) throws {
        _ = try retrying("listen") { Glibc.listen(fd, backlog) }
    }

    package static func localAddress(_ fd: Int32, into storage: UnsafeMutablePointer<sockaddr_storage>) throws {
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try retrying("getsockname") {
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.getsockname(fd, $0, &length) }
        }
    }

    /// Accepts one connection as non-blocking and close-on-exec; `.wouldBlock` when the queue is empty.
    package static func accept(_ fd: Int32, peer: UnsafeMutablePointer<sockaddr_storage>) throws -> IOResult<Int32> {
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return try retryingNonBlocking("accept4") {
            peer.withMemoryRebound(to: sockaddr.self, capacity: 1) { clinux_accept4(fd, $0, &length, flags) }
        }
    }

    /// A peer that already went away (`ENOTCONN`) is no failure here; a descriptor that is not ours is a bug.
    package static func shutdownWrite(_ fd: Int32) {
        if Glibc.shutdown(fd, Int32(SHUT_WR)) != 0, errno == EBADF { programmingError("shutdown", EBADF) }
    }

    // MARK: Reading and writing

    /// `recv(2)` rather than `read(2)` for sockets: it goes straight to the socket layer instead of through
    /// the generic file path (`vfs_read`, `fdget_pos`), which shows up in kernel profiles at this request rate.
    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> IOResult<Int> {
        try retryingNonBlocking("recv") { Glibc.recv(fd, buffer.baseAddress, buffer.count, 0) }
    }

    package static func write(_ fd: Int32, from buffer: UnsafeRawBufferPointer) throws -> IOResult<Int> {
        try retryingNonBlocking("write") { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    package static func sendfile(to socket: Int32, from file: Int32, offset: inout Int, count: Int) throws -> IOResult<Int> {
        var fileOffset = off_t(offset)
        let result = try retryingNonBlocking("sendfile") { CLinux.sendfile(socket, file, &fileOffset, count) }
        offset = Int(fileOffset)
        return result
    }

    // MARK: Descriptors

    /// Closing never retries on EINTR (on Linux the descriptor is gone either way), and callers have nothing
    /// to do about a failed close of a socket they are done with.
    @discardableResult
    /// `EBADF` is the exception: closing a descriptor twice may close one that another connection now owns.
    package static func closeIgnoringErrors(_ fd: Int32) -> Bool {
        if Glibc.close(fd) == 0 { return true }
        if errno == EBADF { programmingError("close", EBADF) }
        return false
    }

    package static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        while true {
            let descriptor = Glibc.open(path, flags | Int32(O_CLOEXEC), mode)
            if descriptor >= 0 { return descriptor }
            let code = errno
            if code == EINTR { continue }
            if isProgrammingError(code) { programmingError("open", code) }
            throw SystemCallError(call: "open", errorNumber: code, path: path)
        }
    }

    // MARK: Files (blocking)

    /// Reads from a file descriptor in blocking mode; 0 at the end of the file.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if isProgrammingError(code) { programmingError("read", code) }
            throw SystemCallError(call: "read", errorNumber: code)
        }
    }

    /// Writes all of `buffer`. On a non-blocking descriptor (standard error may be one) it waits for room,
    /// and gives up when none comes within a second, so a stalled reader cannot hold the writer forever.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written > 0 {
                offset += written
                continue
            }
            // Nothing written without an error would loop for ever; it is not expected, so it ends the write.
            if written == 0 { throw SystemCallError(call: "write", errorNumber: EIO) }
            let code = errno
            if code == EINTR { continue }
            if isProgrammingError(code) { programmingError("write", code) }
            if code == EAGAIN || code == EWOULDBLOCK {
                var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&waiting, 1, 1_000) > 0 { continue }
            }
            throw SystemCallError(call: "write", errorNumber: code)
        }
    }

    /// Flushes a file's data and metadata to the disk.
    package static func sync(_ fd: Int32) throws(SystemCallError) {
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            if isProgrammingError(code) { programmingError("fsync", code) }
            throw SystemCallError(call: "fsync", errorNumber: code)
        }
    }

    /// Cuts a file to `length` bytes.
    package static func truncate(_ fd: Int32, length: Int) throws(SystemCallError) {
        while ftruncate(fd, off_t(length)) != 0 {
            let code = errno
            if code == EINTR { continue }
            if isProgrammingError(code) { programmingError("ftruncate", code) }
            throw SystemCallError(call: "ftruncate", errorNumber: code)
        }
    }

    /// Takes an exclusive `flock` on an open file without waiting: `.wouldBlock` when another open file
    /// description holds one. The lock lasts until every descriptor of this one is closed, so a process that
    /// dies, even by SIGKILL, never leaves it behind.
    package static func lockExclusively(_ fd: Int32) throws -> IOResult<Int32> {
        try retryingNonBlocking("flock") { flock(fd, LOCK_EX | LOCK_NB) }
    }

    // MARK: epoll and eventfd

    package static func epollCreate() throws -> Int32 {
        try retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    package static func epollControl(_ epoll: Int32, operation: Int32, fd: Int32, events: UInt32, data: UInt64) throws {
        _ = try retrying("epoll_ctl") { clinux_epoll_ctl(epoll, operation, fd, events, data) }
    }

    /// Waits for events; an interrupted wait returns 0 events rather than retrying, so signals are noticed.
    package static func epollWait(_ epoll: Int32, events: UnsafeMutablePointer<epoll_event>, capacity: Int32, timeoutMilliseconds: Int32)
        throws -> Int
    {
        let result = epoll_wait(epoll, events, capacity, timeoutMilliseconds)
        if result >= 0 { return Int(result) }
        let code = errno
        if code == EINTR { return 0 }
        try failure("epoll_wait", code)
    }

    package static func eventFD() throws -> Int32 {
        try retrying("eventfd") { CLinux.eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    /// Adds one to an eventfd counter; a full counter means a wake-up is already pending, which is all we need.
    package static func signalEventFD(_ fd: Int32) {
        var one: UInt64 = 1
        _ = try? retryingNonBlocking("write(eventfd)") { Glibc.write(fd, &one, 8) }
    }

    package static func drainEventFD(_ fd: Int32) {
        var value: UInt64 = 0
        _ = try? retryingNonBlocking("read(eventfd)") { Glibc.read(fd, &value, 8) }
    }
}
