import CLinux
import Glibc

/// A fixed set of threads for blocking work: password hashing, RSA signing, outbound HTTP.
///
/// Event loops never wait on it: `offload` queues the work and returns a pending response at once; the
/// worker fulfils it, and the loop that owns the connection is woken through its eventfd.
package final class WorkerPool: HTTPOffloading, @unchecked Sendable {
    // `queue` and `stopping` are guarded by `mutex`; `threads` is written once in init and read in shutdown.
    // pthread objects must not move, so they live in allocated memory rather than in stored properties.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [@Sendable () -> Void] = []
    private var queueHead = 0
    private var stopping = false
    private var threads: [OSThread] = []
    private let maxQueuedJobs: Int

    /// `maxQueuedJobs` bounds the backlog: past it, offloaded requests are answered 503 at once instead of
    /// letting a flood (say, of sign-ins each paying for scrypt) grow memory and latency without limit.
    package init(threadCount: Int, maxQueuedJobs: Int = 4096) {
        self.maxQueuedJobs = maxQueuedJobs
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        threads = (0..<max(1, threadCount)).map { index in
            OSThread.spawn(name: "portico-work-\(index)") { [self] in runWorker() }
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    package func offload(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPPendingResponse {
        let pending = HTTPPendingResponse()
        if !submit({ pending.fulfil(work()) }) {
            var busy = HTTPResponse(
                status: .serviceUnavailable, contentType: "text/plain; charset=utf-8", body: "The server is busy; retry shortly.\n")
            busy.headers.add(name: "Retry-After", value: "1")
            pending.fulfil(busy)
        }
        return pending
    }

    /// Queues a job; jobs run in submission order as threads free up. False when the backlog is full.
    @discardableResult
    package func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard queue.count - queueHead < maxQueuedJobs else { return false }
        queue.append(job)
        pthread_cond_signal(condition)
        return true
    }

    /// Lets running jobs finish, drops the ones not started, and joins every thread.
    ///
    /// The server calls this after its loops have ended (they waited out the grace period for requests in
    /// flight), so nobody is left to answer with a queued job's result; running it would only delay the exit.
    package func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        queue.removeAll()
        queueHead = 0
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in threads { thread.join() }
    }

    private func runWorker() {
        // Hashing and signing would otherwise compete with the event loops as equals: at nice 10 a worker gets
        // about a tenth of a contended core, so pages for people already signed in stay fast while sign-ins queue.
        _ = clinux_set_thread_nice(Self.workerNice)
        while let job = nextJob() { job() }
    }

    /// The scheduling priority of worker threads, below the event loops' default of 0.
    package static let workerNice: Int32 = 10

    private func nextJob() -> (@Sendable () -> Void)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queueHead == queue.count {
            if stopping { return nil }
            pthread_cond_wait(condition, mutex)
        }
        let job = queue[queueHead]
        queueHead += 1
        // Taken jobs stay in the array, with everything they captured, until it is compacted. Waiting for it
        // to empty would never happen under sustained overload; compacting once they are half of it is
        // amortised O(1).
        if queueHead * 2 >= queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }
}
