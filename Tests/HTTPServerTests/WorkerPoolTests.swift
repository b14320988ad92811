import CLinux
import Foundation
import Glibc
import HTTPServer
import Synchronization
import Testing

/// A shareable integer for checking what worker threads did.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    var current: Int { value.load(ordering: .acquiring) }

    func set(_ newValue: Int) { value.store(newValue, ordering: .releasing) }

    func increment() { value.add(1, ordering: .relaxed) }

    /// Waits up to two seconds for the value to become non-zero.
    func waitUntilSet() -> Int {
        for _ in 0..<1_000 where current == 0 { usleep(2_000) }
        return current
    }
}

struct WorkerPoolTests {
    @Test func offloadedWorkRunsOffTheCallingThreadAndFulfilsItsResponse() {
        let pool = WorkerPool(threadCount: 2)
        defer { pool.shutdown() }
        let caller = pthread_self()
        let ranElsewhere = Counter(), status = Counter()
        let pending = pool.offload {
            ranElsewhere.set(pthread_equal(pthread_self(), caller) == 0 ? 1 : -1)
            return HTTPResponse(status: .created)
        }
        pending.whenFulfilled { response in status.set(response.status.code) }
        #expect(status.waitUntilSet() == 201)
        #expect(ranElsewhere.current == 1)
    }

    @Test func workersRunAtALowerPriorityThanTheEventLoops() {
        let pool = WorkerPool(threadCount: 1)
        defer { pool.shutdown() }
        let nice = Counter()
        pool.submit { nice.set(Int(clinux_thread_nice()) + 100) }
        #expect(nice.waitUntilSet() == Int(WorkerPool.workerNice) + 100)
        // The calling thread keeps its own priority.
        #expect(clinux_thread_nice() == 0)
    }

    @Test func aFullBacklogIsAnswered503AtOnce() {
        let pool = WorkerPool(threadCount: 1, maxQueuedJobs: 2)
        let started = Counter(), released = Counter()
        // One job occupies the only thread; two more fill the backlog.
        pool.submit {
            started.set(1)
            _ = released.waitUntilSet()
        }
        #expect(started.waitUntilSet() == 1)
        #expect(pool.submit {})
        #expect(pool.submit {})
        let refused = pool.offload { HTTPResponse(status: .ok) }
        #expect(refused.readyResponse?.status == .serviceUnavailable)
        #expect(refused.readyResponse?.headers["Retry-After"] == "1")
        released.set(1)
        pool.shutdown()
    }

    @Test func shutdownFinishesRunningJobsAndDropsTheRest() {
        let pool = WorkerPool(threadCount: 1)
        let started = Counter(), released = Counter(), finished = Counter(), queued = Counter()
        pool.submit {
            started.set(1)
            _ = released.waitUntilSet()
            finished.set(1)
        }
        #expect(started.waitUntilSet() == 1)
        for _ in 0..<50 { pool.submit { queued.increment() } }
        // Let the running job go only once shutdown has begun, so the queued ones are still waiting then.
        Thread.detachNewThread {
            usleep(50_000); released.set(1)
        }
        pool.shutdown()
        #expect(finished.current == 1)
        #expect(queued.current == 0)
    }

    @Test func aFinishedJobIsReleasedWhileTheBacklogIsNotEmpty() {
        let pool = WorkerPool(threadCount: 1)
        defer { pool.shutdown() }
        let firstReleased = Counter(), thirdStarted = Counter(), thirdReleased = Counter(), captureFreed = Counter()
        pool.submit { _ = firstReleased.waitUntilSet() }
        Self.submitCapturing(Tracked(onDeinit: captureFreed), to: pool)
        pool.submit {
            thirdStarted.set(1)
            _ = thirdReleased.waitUntilSet()
        }
        pool.submit {}
        firstReleased.set(1)
        #expect(thirdStarted.waitUntilSet() == 1)
        // The queue still holds a job, so it has never been empty since the capturing job ran.
        #expect(captureFreed.waitUntilSet() == 1)
        thirdReleased.set(1)
    }

    /// Submits a job that is the only owner of `tracked`.
    private static func submitCapturing(_ tracked: Tracked, to pool: WorkerPool) {
        pool.submit { _ = tracked }
    }
}

/// Records its own deinit, to see when a worker pool lets go of a job.
private final class Tracked: Sendable {
    private let onDeinit: Counter

    init(onDeinit: Counter) { self.onDeinit = onDeinit }

    deinit { onDeinit.set(1) }
}
