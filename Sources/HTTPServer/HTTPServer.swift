import CLinux
import Glibc
import System

/// Where and how to serve.
package struct HTTPServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    /// Event loops, one thread each; one per core by default.
    package var loopCount: Int
    /// Threads for blocking work.
    package var workerCount: Int
    package var limits: HTTPServerLimits

    package init(
        host: String = "127.0.0.1", port: Int = 8080, loopCount: Int = HTTPServer.onlineCores,
        workerCount: Int = max(2, HTTPServer.onlineCores), limits: HTTPServerLimits = HTTPServerLimits()
    ) {
        self.host = host
        self.port = port
        self.loopCount = loopCount
        self.workerCount = workerCount
        self.limits = limits
    }
}

/// The HTTP/1.1 server: event loops sharing one listener, and the worker pool, around one responder.
///
/// Lifecycle: `start()` binds and spawns the loops; `shutdown()` (from any thread, e.g. a signal watcher)
/// stops accepting, lets requests in flight finish within the grace period and closes idle keep-alive
/// connections; `wait()` returns once every loop has ended.
package final class HTTPServer: Sendable {
    package static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    package let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let counters = ServerCounters()
    private let state = ServerState()

    package init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// The bound port (useful with port 0); valid after `start()`.
    package var port: Int { state.boundPort }

    /// Connections open right now, across all loops.
    package var openConnections: Int { counters.openConnections.load(ordering: .relaxed) }

    /// Connections dropped because another part of the process closed their descriptor (a double close
    /// somewhere), noticed when `accept` handed the same number out again. Should stay 0; see `ConnectionTable`.
    package var descriptorsClosedElsewhere: Int { counters.descriptorsClosedElsewhere.load(ordering: .relaxed) }

    /// Connections answered 503 because the process had run out of file descriptors (see `EventLoop`).
    package var refusedForDescriptors: Int { counters.refusedForDescriptors.load(ordering: .relaxed) }

    /// Binds the listener and starts the loop and worker threads.
    ///
    /// Throws `ListenError` when the address cannot be had, `isAddressInUse` when another server listens there.
    package func start() throws {
        // sendfile(2) cannot take MSG_NOSIGNAL: a peer that vanished must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        Self.raiseDescriptorLimit(toAtLeast: configuration.limits.maxConnections + 1024)
        let listener = try Listener(address: SocketAddress(host: configuration.host, port: configuration.port))
        // From here the loops hold the listener; this hold ends either way, closing it if no loop was made.
        defer { listener.release() }
        let workers = WorkerPool(threadCount: configuration.workerCount)
        let loops: [EventLoop]
        do {
            let loopCount = max(1, configuration.loopCount)
            loops = try (0..<loopCount).map { index in
                try EventLoop(
                    index: index, of: loopCount, listener: listener, responder: responder, limits: configuration.limits, workers: workers,
                    counters: counters)
            }
        } catch {
            workers.shutdown()
            throw error
        }
        let threads = loops.map { loop in OSThread.spawn(name: "portico-loop-\(loop.index)") { loop.run() } }
        state.started(port: listener.port, loops: loops, threads: threads, workers: workers)
    }

    /// Begins a graceful stop; returns at once.
    package func shutdown() {
        for loop in state.loops { loop.requestStop() }
    }

    /// Blocks until every loop has stopped, then stops the worker pool.
    package func wait() {
        for thread in state.threads { thread.join() }
        state.workers?.shutdown()
    }

    /// Lifts the soft descriptor limit (and the hard one when privileged) so the connection limit is reachable.
    package static func raiseDescriptorLimit(toAtLeast wanted: Int) {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        var raised = rlimit(rlim_cur: rlim_t(wanted), rlim_max: max(limit.rlim_max, rlim_t(wanted)))
        if setrlimit(RLIMIT_NOFILE_VALUE, &raised) != 0 {
            raised = rlimit(rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max)
            _ = setrlimit(RLIMIT_NOFILE_VALUE, &raised)
        }
    }

    private static var RLIMIT_NOFILE_VALUE: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}

/// What `start()` produced, set once and read afterwards.
private final class ServerState: @unchecked Sendable {
    // Written once by `started` before `start()` returns; callers only read after that.
    private(set) var boundPort = 0
    private(set) var loops: [EventLoop] = []
    private(set) var threads: [OSThread] = []
    private(set) var workers: WorkerPool?

    func started(port: Int, loops: [EventLoop], threads: [OSThread], workers: WorkerPool) {
        boundPort = port
        self.loops = loops
        self.threads = threads
        self.workers = workers
    }
}
