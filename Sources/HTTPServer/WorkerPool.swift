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

    package init(threadCount: Int) {
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
        submit { pending.fulfil(work()) }
        return pending
    }

    /// Queues a job; jobs run in submission order as threads free up.
    package func submit(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        queue.append(job)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Lets queued jobs finish, then stops and joins every thread.
    package func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in threads { thread.join() }
    }

    private func runWorker() {
        while let job = nextJob() { job() }
    }

    private func nextJob() -> (@Sendable () -> Void)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queueHead == queue.count {
            if stopping { return nil }
            pthread_cond_wait(condition, mutex)
        }
        let job = queue[queueHead]
        queueHead += 1
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        }
        return job
    }
}
