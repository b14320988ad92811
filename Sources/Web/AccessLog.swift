import Glibc
import HTTPServer
import Synchronization
import System
import Time

/// The process's log: one JSON object per line, buffered in memory and written in batches.
///
/// Writing a line per request would cost a system call per request, the largest single cost on the
/// `/healthz` path. Lines go into a mutex-protected buffer instead; a background thread writes it every
/// `flushInterval`, and is woken early when the buffer passes `flushThreshold`. Requests never write
/// themselves: on an event loop a write to a slow standard error (a full pipe) would stall every connection.
/// If the output stalls, lines beyond `maxBufferedBytes` are dropped and counted rather than growing
/// memory without bound. Call `flush()` before exiting.
package final class AccessLog: Sendable {
    /// Where finished batches of lines go.
    package enum Output: Sendable {
        case fileDescriptor(Int32)
        /// Receives whole lines only; for tests and for embedding.
        case handler(@Sendable ([UInt8]) -> Void)
    }

    package enum Level: String, Sendable {
        case info, warning, error
    }

    /// What the access log records about one request, and nothing else: no query, cookie or header.
    package struct Entry: Sendable {
        package var requestID: String
        package var method: HTTPMethod
        /// The path without its query.
        package var path: Substring
        package var status: Int
        package var bytes: Int
        package var durationNanoseconds: UInt64
        /// The client's address; behind a trusted proxy, the one the proxy forwarded.
        package var remoteAddress: String
        /// The scheme a trusted proxy says the client used; nil without one.
        package var forwardedProto: String?
        package var route: String?

        package init(
            requestID: String, method: HTTPMethod, path: Substring, status: Int, bytes: Int,
            durationNanoseconds: UInt64, remoteAddress: String, forwardedProto: String? = nil, route: String?
        ) {
            self.requestID = requestID
            self.method = method
            self.path = path
            self.status = status
            self.bytes = bytes
            self.durationNanoseconds = durationNanoseconds
            self.remoteAddress = remoteAddress
            self.forwardedProto = forwardedProto
            self.route = route
        }
    }

    private struct Buffer {
        var bytes: [UInt8] = []
        var droppedLines = 0
    }

    /// Shared by everything that does not get a log injected; writes to standard error.
    package static let standardError = AccessLog()

    private let output: Output
    private let flushThreshold: Int
    private let maxBufferedBytes: Int
    private let buffer = Mutex(Buffer())
    /// Held while writing, so batches leave in the order they were taken.
    private let writing = Mutex(())
    private let flusher: PeriodicFlush

    package init(
        output: Output = .fileDescriptor(2), flushInterval: Duration = .milliseconds(50), flushThreshold: Int = 64 * 1024,
        maxBufferedBytes: Int = 8 * 1024 * 1024
    ) {
        self.output = output
        self.flushThreshold = flushThreshold
        self.maxBufferedBytes = maxBufferedBytes
        flusher = PeriodicFlush(interval: flushInterval)
        flusher.start(for: self)
    }

    deinit {
        flush()
        // Lets the flusher thread see that its log is gone and end now rather than at its next interval.
        flusher.wake()
    }

    /// Records one request.
    package func record(_ entry: Entry) {
        append { line in
            line.string("level", Level.info.rawValue)
            line.string("request_id", entry.requestID)
            line.string("method", entry.method.rawValue)
            line.string("path", entry.path)
            line.integer("status", entry.status)
            line.integer("bytes", entry.bytes)
            line.milliseconds("duration_ms", nanoseconds: entry.durationNanoseconds)
            line.string("remote_address", entry.remoteAddress)
            if let forwardedProto = entry.forwardedProto { line.string("forwarded_proto", forwardedProto) }
            if let route = entry.route { line.string("route", route) } else { line.null("route") }
        }
    }

    /// Records an event; `fields` must never carry secrets (tokens, passwords, cookies).
    package func log(_ level: Level, _ message: String, requestID: String? = nil, fields: [(String, String)] = []) {
        append { line in
            line.string("level", level.rawValue)
            if let requestID { line.string("request_id", requestID) }
            line.string("message", message)
            for (key, value) in fields { line.string(dynamicKey: key, value) }
        }
    }

    /// Writes everything buffered so far.
    package func flush() {
        writing.withLock { _ in writeBuffered() }
    }

    private func append(_ fill: (inout JSONLineWriter) -> Void) {
        // The line is formatted before taking the lock, so threads only contend for the copy into the buffer.
        let shouldFlush = JSONLineWriter.withLine { line in
            let now = WallClock.system.now()
            line.timestamp("time", seconds: now.seconds, nanoseconds: now.nanoseconds)
            fill(&line)
            return line.finish { bytes in
                buffer.withLock { buffer -> Bool in
                    guard buffer.bytes.count < maxBufferedBytes else {
                        buffer.droppedLines += 1
                        return false
                    }
                    buffer.bytes.append(contentsOf: bytes)
                    return buffer.bytes.count >= flushThreshold
                }
            }
        }
        if shouldFlush { flusher.wake() }
    }

    /// Takes the buffer and writes it; only called while holding `writing`.
    private func writeBuffered() {
        let (pending, dropped) = buffer.withLock { buffer in
            var taken = Buffer()
            // The next batch starts at the size this one reached, so it does not regrow from nothing.
            taken.bytes.reserveCapacity(min(buffer.bytes.count, flushThreshold))
            swap(&taken, &buffer)
            return (taken.bytes, taken.droppedLines)
        }
        if dropped > 0 {
            let warning = JSONLineWriter.withLine { line in
                let now = WallClock.system.now()
                line.timestamp("time", seconds: now.seconds, nanoseconds: now.nanoseconds)
                line.string("level", Level.warning.rawValue)
                line.string("message", "log output stalled; lines dropped")
                line.integer("dropped_lines", dropped)
                return line.finish { Array($0) }
            }
            write(warning)
        }
        if !pending.isEmpty { write(pending) }
    }

    private func write(_ bytes: [UInt8]) {
        switch output {
        case .handler(let handler):
            handler(bytes)
        case .fileDescriptor(let descriptor):
            // A log that cannot be written must not take requests down with it: errors are dropped.
            bytes.withUnsafeBytes { try? SystemCalls.writeAll(descriptor, $0) }
        }
    }
}

/// The thread that writes the log: every `interval`, or sooner when woken. It ends by itself once the log
/// is gone.
///
/// `@unchecked Sendable`: `log` is written once in `start`, before the thread exists (pthread_create orders
/// that write before everything the thread does), and the semaphore functions are themselves thread-safe.
private final class PeriodicFlush: @unchecked Sendable {
    private weak var log: AccessLog?
    private let interval: Duration
    /// Posted to wake the thread early; a semaphore post never blocks the poster.
    private let semaphore: UnsafeMutablePointer<sem_t>

    init(interval: Duration) {
        self.interval = interval
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    func start(for log: AccessLog) {
        self.log = log
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<PeriodicFlush>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        precondition(result == 0, "pthread_create failed for the log flusher (error \(result))")
        pthread_detach(thread)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func wake() {
        sem_post(semaphore)
    }

    private func run() {
        let (seconds, attoseconds) = interval.components
        let intervalNanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        while true {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let total = deadline.tv_nsec + intervalNanoseconds
            deadline.tv_sec += total / 1_000_000_000
            deadline.tv_nsec = total % 1_000_000_000
            // Returns on a wake-up, on the deadline, or early on EINTR: each is a good moment to flush.
            _ = sem_timedwait(semaphore, &deadline)
            guard let log else { return }
            log.flush()
        }
    }
}
