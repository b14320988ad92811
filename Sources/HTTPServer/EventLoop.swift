import CLinux
import Glibc
import Synchronization
import System

/// One `epoll` instance on its own thread, serving the connections it accepted from the shared listener.
///
/// Accepting: every loop polls the server's one listening socket (see `Listener` for why not one
/// `SO_REUSEPORT` socket each), registered with `EPOLLEXCLUSIVE` so that the kernel wakes one loop waiting in
/// `epoll_wait` per new connection and passes over loops busy with their own work. A connection stays with the
/// loop that accepted it: no hand-off between threads, no locks, no wake-ups per connection. The kernel tries
/// the loops in a fixed order, so an idle server gives every connection to the same loop, which is what keeps
/// light load fast; but a burst of keep-alive connections (a reverse proxy's pool, a load generator) would then
/// stay on one core. So a loop holding more than its share stops polling the listener until it is back to it
/// (see `holdsMoreThanItsShare`).
///
/// Out of descriptors, `accept` fails while the listener stays readable, and a level-triggered loop would spin
/// on it. The loop keeps a spare descriptor for that moment: it closes it, accepts the waiting connection,
/// answers it 503 and takes the spare back (the trick libev's manual describes for `accept`). Another thread may
/// take the freed number first and keep it; then the loop wins one back by closing its longest-idle connection
/// (nginx drains idle keep-alive connections the same way), and with none to close it stops polling the
/// listener for `acceptPause` rather than spin.
///
/// Triggering: connection sockets are registered once, edge-triggered, for input and output. The loop never
/// calls `epoll_ctl` again for them: it remembers "may read" / "may write" flags instead, which is what lets
/// it stop reading while a response is pending without a system call per request. The listener and the
/// wake-up eventfd are level-triggered, so accepting can stop after a batch and resume on the next wait.
final class EventLoop: @unchecked Sendable {
    // Everything but `inbox` and `stopRequested` is touched only on this loop's thread.
    private static let listenerToken = UInt64.max
    private static let wakeToken = UInt64.max - 1
    private static let sweepInterval: MonotonicMilliseconds = 250
    /// How long a loop that could not accept for want of descriptors leaves the listener alone.
    private static let acceptPause: MonotonicMilliseconds = 100
    /// Connections a loop may hold beyond its share before it leaves new ones to the other loops.
    private static let balanceSlack = 16
    private static let listenerInterest = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue

    let index: Int
    private let loopCount: Int
    private let epoll: Int32
    private let wakeFD: Int32
    private let listener: Listener
    /// This loop holds a share of the listener (see `Listener.release`) until it stops.
    private var holdsListener = false
    /// The listener is registered with this loop's epoll: false once stopping, while accepting is paused, and
    /// while the loop holds more than its share of connections.
    private var listening = false
    /// A loop paused for want of descriptors polls the listener again no earlier than this.
    private var acceptResumesAt: MonotonicMilliseconds = 0
    private let responder: any HTTPResponder
    private let limits: HTTPServerLimits
    private let workers: WorkerPool
    private let counters: ServerCounters
    private var connections = ConnectionTable()
    private var nextGeneration: UInt32 = 1
    private var dateCache = DateHeaderCache()
    private var dateLine: [UInt8] = []
    private var now: MonotonicMilliseconds = 0
    private var nextSweep: MonotonicMilliseconds = 0
    private var stopping = false
    private var stopDeadline: MonotonicMilliseconds = 0
    /// A descriptor held in reserve so that, when the process runs out, an incoming connection can still be
    /// accepted and closed instead of spinning on a listener that stays readable.
    private var spareFD: Int32
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    private let inbox = Mutex<[(token: UInt64, response: HTTPResponse)]>([])
    private let stopRequested = Atomic<Bool>(false)

    init(
        index: Int, of loopCount: Int, listener: Listener, responder: any HTTPResponder, limits: HTTPServerLimits,
        workers: WorkerPool, counters: ServerCounters
    ) throws {
        self.index = index
        self.loopCount = loopCount
        self.listener = listener
        self.responder = responder
        self.limits = limits
        self.workers = workers
        self.counters = counters
        epoll = try SystemCalls.epollCreate()
        wakeFD = try SystemCalls.eventFD()
        spareFD = (try? SystemCalls.open("/dev/null", flags: O_RDONLY)) ?? -1
        try SystemCalls.epollControl(epoll, operation: EPOLL_CTL_ADD, fd: wakeFD, events: EPOLLIN.rawValue, data: Self.wakeToken)
        try SystemCalls.epollControl(
            epoll, operation: EPOLL_CTL_ADD, fd: listener.fd, events: Self.listenerInterest, data: Self.listenerToken)
        listener.retain()
        holdsListener = true
        listening = true
        counters.loopsPollingListener.add(1, ordering: .relaxed)
    }

    deinit {
        // A loop made but never run (a later one failed to start) still holds its share.
        if holdsListener { listener.release() }
        readBuffer.deallocate()
        SystemCalls.closeIgnoringErrors(epoll)
        SystemCalls.closeIgnoringErrors(wakeFD)
        if spareFD >= 0 { SystemCalls.closeIgnoringErrors(spareFD) }
    }

    // MARK: Called from other threads

    /// Asks the loop to stop gracefully; returns at once.
    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        SystemCalls.signalEventFD(wakeFD)
    }

    /// Hands a response produced on another thread back to this loop.
    private func deliver(_ response: HTTPResponse, to token: UInt64) {
        inbox.withLock { $0.append((token, response)) }
        SystemCalls.signalEventFD(wakeFD)
    }

    // MARK: The loop

    /// Runs until a requested stop has finished (or its grace period has run out).
    func run() {
        let capacity: Int32 = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        updateClock()
        while true {
            let count: Int
            do {
                count = try SystemCalls.epollWait(epoll, events: events, capacity: capacity, timeoutMilliseconds: waitTimeout)
            } catch {
                // EINTR is retried in the syscall layer; what is left (EBADF, EINVAL) means this loop's own
                // epoll descriptor is broken, a bug no request could cause and no retry could mend.
                fatalError("event loop \(index): \(error)")
            }
            updateClock()
            for position in 0..<count {
                let token = clinux_epoll_event_data(events, Int32(position))
                let flags = clinux_epoll_event_flags(events, Int32(position))
                switch token {
                case Self.listenerToken: acceptConnections()
                case Self.wakeToken: handleWakeUp()
                default: handleEvent(token: token, flags: flags)
                }
            }
            if now >= nextSweep {
                sweepTimeouts()
                nextSweep = now + Self.sweepInterval
            }
            if isAcceptSuspended, now >= acceptResumesAt, connections.count <= fairShare { resumeAccepting() }
            if stopping {
                if connections.count == 0 { break }
                if now >= stopDeadline {
                    closeAllConnections()
                    break
                }
            }
        }
    }

    /// How long `epoll_wait` may block: until the next sweep while there are connections or a stop to finish, or
    /// while accepting is suspended (no longer than a pause lasts), and otherwise until something happens.
    private var waitTimeout: Int32 {
        var timeout: MonotonicMilliseconds = connections.count > 0 || stopping ? Self.sweepInterval : -1
        if isAcceptSuspended {
            let untilResume = acceptResumesAt > now ? min(acceptResumesAt - now, Self.sweepInterval) : Self.sweepInterval
            timeout = timeout < 0 ? untilResume : min(timeout, untilResume)
        }
        return Int32(timeout)
    }

    private func updateClock() {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        now = MonotonicMilliseconds(time.tv_sec) * 1000 + MonotonicMilliseconds(time.tv_nsec / 1_000_000)
        clock_gettime(CLOCK_REALTIME_COARSE, &time)
        dateLine = dateCache.line(forEpochSeconds: time.tv_sec)
    }

    // MARK: Accepting

    private func acceptConnections() {
        // Let go of earlier in this batch of events (a pause or a stop): its number may be closed by now.
        guard listening else { return }
        var peer = sockaddr_storage()
        for _ in 0..<64 {
            let accepted: IOResult<Int32>
            do {
                accepted = try SystemCalls.accept(listener.fd, peer: &peer)
            } catch let error as SystemCallError where error.errorNumber == EMFILE || error.errorNumber == ENFILE {
                refuseWithSpareDescriptor(peer: &peer)
                return
            } catch let error as SystemCallError where error.errorNumber == ENOBUFS || error.errorNumber == ENOMEM {
                // Out of kernel memory: the connection stays queued and the listener readable, as above.
                pauseAccepting()
                return
            } catch {
                // ECONNABORTED and friends concern one connection only.
                continue
            }
            guard case .done(let fd) = accepted else {
                // Only once the queue is drained, so the connections this loop was woken for never wait on another.
                if holdsMoreThanItsShare { leaveAcceptingToOthers() }
                return
            }
            guard counters.reserveConnection(limit: limits.maxConnections) else {
                refuse(fd)
                continue
            }
            register(fd: fd, remoteAddress: SocketAddress.hostText(of: &peer))
        }
    }

    private func register(fd: Int32, remoteAddress: String) {
        try? SystemCalls.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let generation = nextGeneration
        nextGeneration &+= 1
        let machine = HTTPConnectionStateMachine(
            limits: limits, now: now,
            maxBodySize: { [responder, limits] head in responder.maxBodySize(for: head, default: limits.maxBodySize) },
            refusal: { [responder] status, head in responder.refusal(status, for: head) })
        let connection = LoopConnection(fd: fd, generation: generation, remoteAddress: remoteAddress, machine: machine)
        let interest = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        do {
            try SystemCalls.epollControl(epoll, operation: EPOLL_CTL_ADD, fd: fd, events: interest, data: connection.token)
        } catch {
            connection.close()
            counters.releaseConnection()
            return
        }
        if connections.insert(connection) != nil {
            // Its descriptor was closed behind its back; see `ConnectionTable.insert`.
            counters.releaseConnection()
            counters.descriptorsClosedElsewhere.add(1, ordering: .relaxed)
        }
    }

    /// Over the connection limit: a short 503 and close, without waiting on the client.
    private func refuse(_ fd: Int32) {
        let body = "Portico is at its connection limit; retry shortly.\n"
        let response =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        var bytes = Array(response.utf8)
        _ = bytes.withUnsafeMutableBytes { try? SystemCalls.write(fd, from: UnsafeRawBufferPointer($0)) }
        SystemCalls.shutdownWrite(fd)
        SystemCalls.closeIgnoringErrors(fd)
    }

    /// Out of descriptors: free the spare, accept one connection and answer it 503, take the spare back.
    ///
    /// Another thread may take the freed number first (another loop's `accept`, a worker opening a file); then
    /// the second `accept` fails as well, the spare cannot be had back, and retrying at once would spin. The
    /// loop pauses instead, and next time wins a descriptor back from an idle connection.
    private func refuseWithSpareDescriptor(peer: inout sockaddr_storage) {
        if spareFD < 0, closeLongestIdleConnection() {
            spareFD = (try? SystemCalls.open("/dev/null", flags: O_RDONLY)) ?? -1
        }
        guard spareFD >= 0 else { return pauseAccepting() }
        SystemCalls.closeIgnoringErrors(spareFD)
        let accepted = try? SystemCalls.accept(listener.fd, peer: &peer)
        if case .done(let fd)? = accepted {
            refuse(fd)
            counters.refusedForDescriptors.add(1, ordering: .relaxed)
        }
        spareFD = (try? SystemCalls.open("/dev/null", flags: O_RDONLY)) ?? -1
        if accepted == nil || spareFD < 0 { pauseAccepting() }
    }

    /// Gives up the connection that has waited longest without a request in progress, if there is one: its
    /// client loses no answer, and a keep-alive client reconnects. False when every connection is busy.
    private func closeLongestIdleConnection() -> Bool {
        var longestIdle: (connection: LoopConnection, since: MonotonicMilliseconds)?
        for slot in connections.slotNumbers {
            guard let connection = connections[slot], let since = connection.machine.idleSince else { continue }
            if since < longestIdle?.since ?? .max { longestIdle = (connection, since) }
        }
        guard let longestIdle else { return false }
        close(longestIdle.connection)
        return true
    }

    /// Accepting is paused for want of descriptors, or left to other loops while this one holds more than its share.
    private var isAcceptSuspended: Bool { holdsListener && !listening }

    /// Open connections across the server divided by the loops.
    private var fairShare: Int { counters.openConnections.load(ordering: .relaxed) / loopCount }

    /// True when the loop holds more than `balanceSlack` connections over its share (see `leaveAcceptingToOthers`).
    private var holdsMoreThanItsShare: Bool { loopCount > 1 && connections.count > fairShare + Self.balanceSlack }

    /// Stops polling the listener, so that the kernel wakes the other loops instead, unless no other loop polls it.
    ///
    /// The loop polls again once down to its share, not just below the threshold, so it does not flap. It only
    /// notices that at its next wake-up (a sweep at the latest), so a loop that is over its share as well still
    /// accepts when it is the last one polling: connections are never left in the queue for want of a loop.
    private func leaveAcceptingToOthers() {
        var polling = counters.loopsPollingListener.load(ordering: .relaxed)
        while polling > 1 {
            let (left, current) = counters.loopsPollingListener.compareExchange(
                expected: polling, desired: polling - 1, ordering: .relaxed)
            if left {
                unregisterListener(counted: false)
                return
            }
            polling = current
        }
    }

    /// Leaves the listener alone for `acceptPause`: other loops may still accept, and this one does not spin.
    private func pauseAccepting() {
        guard listening else { return }
        unregisterListener()
        acceptResumesAt = now + Self.acceptPause
    }

    private func resumeAccepting() {
        if spareFD < 0 { spareFD = (try? SystemCalls.open("/dev/null", flags: O_RDONLY)) ?? -1 }
        do {
            try SystemCalls.epollControl(
                epoll, operation: EPOLL_CTL_ADD, fd: listener.fd, events: Self.listenerInterest, data: Self.listenerToken)
            listening = true
            counters.loopsPollingListener.add(1, ordering: .relaxed)
        } catch {
            // ENOMEM or ENOSPC (the user's epoll watches): try again after another pause.
            acceptResumesAt = now + Self.acceptPause
        }
    }

    /// - Parameter counted: false when the caller has already taken the loop out of `loopsPollingListener`.
    private func unregisterListener(counted: Bool = true) {
        if counted { counters.loopsPollingListener.subtract(1, ordering: .relaxed) }
        do {
            try SystemCalls.epollControl(epoll, operation: EPOLL_CTL_DEL, fd: listener.fd, events: 0, data: 0)
        } catch {
            // Only a bug makes removing a registered descriptor fail, and a listener left registered while the
            // loop believes it is not would be polled without being accepted from: a spin.
            fatalError("event loop \(index): \(error)")
        }
        listening = false
    }

    // MARK: Connection events

    private func handleEvent(token: UInt64, flags: UInt32) {
        guard let connection = connections.connection(for: token) else { return }
        if flags & EPOLLERR.rawValue != 0 {
            close(connection)
            return
        }
        if flags & EPOLLOUT.rawValue != 0 {
            connection.writable = true
            if connection.hasPendingOutput {
                perform(connection, flush(connection))
                guard connection.fd >= 0 else { return }
            }
        }
        if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            connection.readable = true
            if connection.machine.wantsInput { perform(connection, connection.machine.process(now: now)) }
        }
    }

    private func handleWakeUp() {
        SystemCalls.drainEventFD(wakeFD)
        let delivered = inbox.withLock { inbox in
            let taken = inbox
            inbox.removeAll(keepingCapacity: true)
            return taken
        }
        for (token, response) in delivered {
            guard let connection = connections.connection(for: token) else { continue }
            perform(connection, connection.machine.responseReady(response, now: now))
        }
        if !stopping, stopRequested.load(ordering: .acquiring) { beginStopping() }
    }

    /// Carries out the machine's actions until it waits for the network or the responder.
    private func perform(_ connection: LoopConnection, _ first: HTTPConnectionStateMachine.Action) {
        var action = first
        while true {
            // Consumed, not copied: the request and response it carries are moved along, not retained again.
            switch consume action {
            case .readMore:
                guard connection.readable else { return }
                action = read(connection)
            case .dispatch(let request):
                let context = HTTPResponderContext(remoteAddress: connection.remoteAddress, offloader: workers)
                switch responder.respond(to: request, context: context) {
                case .response(let response):
                    action = connection.machine.responseReady(response, now: now)
                case .pending(let pending):
                    let token = connection.token
                    pending.whenFulfilled { [weak self] response in self?.deliver(response, to: token) }
                    return
                }
            case .sendContinue:
                connection.output.append(contentsOf: HTTPResponseEncoder.continueResponse)
                if case .close = flush(connection) {
                    action = .close
                } else {
                    action = connection.machine.process(now: now)
                }
            case .write(let plan):
                prepare(connection, plan)
                action = flush(connection)
            case .close:
                close(connection)
                return
            case .wait:
                return
            }
        }
    }

    private func read(_ connection: LoopConnection) -> HTTPConnectionStateMachine.Action {
        do {
            switch try SystemCalls.receive(connection.fd, into: readBuffer) {
            case .wouldBlock:
                connection.readable = false
                return .wait
            case .done(0):
                connection.readable = false
                return connection.machine.readEOF()
            case .done(let count):
                // Edge-triggered: a short read drained the socket, and new data will raise a new edge.
                if count < readBuffer.count { connection.readable = false }
                return connection.machine.receive(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), now: now)
            }
        } catch {
            return .close
        }
    }

    // MARK: Writing

    private func prepare(_ connection: LoopConnection, _ plan: HTTPResponsePlan) {
        HTTPResponseEncoder.encodeHead(plan, dateHeader: dateLine, into: &connection.output)
        guard !plan.omitBody else { return }
        switch plan.response.body {
        case .empty:
            break
        case .bytes(let bytes):
            connection.output.append(contentsOf: bytes)
        case .file(let region):
            connection.file = region
            connection.fileOffset = region.offset
            connection.fileRemaining = region.count
        case .stream(let stream):
            connection.stream = stream
            connection.streamChunked = plan.chunked
        }
    }

    /// Writes what it can; reports completion to the machine when everything is out.
    private func flush(_ connection: LoopConnection) -> HTTPConnectionStateMachine.Action {
        var progressed = false
        do {
            while true {
                if connection.outputOffset < connection.output.count {
                    guard connection.writable else { break }
                    let start = connection.outputOffset
                    let result = try connection.output.withUnsafeBytes {
                        try SystemCalls.write(connection.fd, from: UnsafeRawBufferPointer(rebasing: $0[start...]))
                    }
                    guard case .done(let written) = result else {
                        connection.writable = false
                        break
                    }
                    connection.outputOffset += written
                    progressed = true
                    continue
                }
                resetOutput(connection)
                if let file = connection.file {
                    guard connection.writable else { break }
                    let result = try SystemCalls.sendfile(
                        to: connection.fd, from: file.descriptor, offset: &connection.fileOffset,
                        count: min(connection.fileRemaining, 1 << 20))
                    guard case .done(let sent) = result else {
                        connection.writable = false
                        break
                    }
                    // A file that shrank under us would never finish: treat a zero-byte send as the end.
                    connection.fileRemaining = sent == 0 ? 0 : connection.fileRemaining - sent
                    if connection.fileRemaining == 0 { connection.file = nil }
                    progressed = true
                    continue
                }
                if let stream = connection.stream {
                    if let chunk = stream.next() {
                        if chunk.isEmpty { continue }
                        if connection.streamChunked {
                            HTTPResponseEncoder.appendChunk(chunk, to: &connection.output)
                        } else {
                            connection.output.append(contentsOf: chunk)
                        }
                    } else {
                        if connection.streamChunked { connection.output.append(contentsOf: HTTPResponseEncoder.lastChunk) }
                        connection.stream = nil
                    }
                    continue
                }
                return connection.machine.writeCompleted(now: now)
            }
        } catch {
            return .close
        }
        if progressed { connection.machine.writeProgressed(now: now) }
        return .wait
    }

    private func resetOutput(_ connection: LoopConnection) {
        guard !connection.output.isEmpty else { return }
        // Keep a small buffer for the next response, but do not let 10,000 idle connections each hold a big one.
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 32 * 1024)
        connection.outputOffset = 0
    }

    // MARK: Timeouts and stopping

    private func sweepTimeouts() {
        for slot in connections.slotNumbers {
            guard let connection = connections[slot], let action = connection.machine.checkTimeouts(now: now) else { continue }
            perform(connection, action)
        }
    }

    private func beginStopping() {
        stopping = true
        stopDeadline = now + limits.shutdownGracePeriod.milliseconds
        if listening { unregisterListener() }
        if holdsListener {
            holdsListener = false
            listener.release()
        }
        for slot in connections.slotNumbers {
            guard let connection = connections[slot] else { continue }
            perform(connection, connection.machine.beginShutdown())
        }
    }

    private func closeAllConnections() {
        for slot in connections.slotNumbers {
            if let connection = connections[slot] { close(connection) }
        }
    }

    private func close(_ connection: LoopConnection) {
        guard connection.fd >= 0 else { return }
        connections.remove(connection)
        connection.close()
        counters.releaseConnection()
    }
}

/// Counters shared by every loop of one server.
final class ServerCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    /// Connections answered 503 with the spare descriptor because the process had none left.
    let refusedForDescriptors = Atomic<Int>(0)
    /// Loops with the listener registered; one over its share of connections keeps polling when it is the last.
    let loopsPollingListener = Atomic<Int>(0)
    /// Connections dropped because their descriptor number came back from `accept` while they still held it.
    let descriptorsClosedElsewhere = Atomic<Int>(0)

    /// Takes a connection slot unless `limit` are already open.
    func reserveConnection(limit: Int) -> Bool {
        var current = openConnections.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = openConnections.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }
}
