import Glibc

/// A counting POSIX semaphore: blocks callers while no permit is left.
///
/// The standard library's `Mutex` has no condition variable, and Dispatch is not part of this
/// project's toolchain budget; `sem_t` is exactly the primitive a bounded pool needs.
final class Semaphore: @unchecked Sendable {
    // Heap-allocated so its address never moves, as sem_t requires; sem_t itself is thread-safe.
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(permits: Int) {
        precondition(permits > 0 && permits <= Int(Int32.max), "semaphore permits out of range")
        sem_init(semaphore, 0, UInt32(permits))
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Takes a permit, waiting as long as it takes; a signal delivered while waiting is not an error.
    func wait() {
        while sem_wait(semaphore) != 0 {
            precondition(errno == EINTR, "sem_wait failed with errno \(errno)")
        }
    }

    /// Takes a permit if one frees up within `timeout`; false when the time ran out first.
    func wait(timeout: Duration) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(deadline.tv_nsec) + Int(attoseconds / 1_000_000_000)
        deadline.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        while sem_timedwait(semaphore, &deadline) != 0 {
            if errno == ETIMEDOUT { return false }
            precondition(errno == EINTR, "sem_timedwait failed with errno \(errno)")
        }
        return true
    }

    func signal() {
        sem_post(semaphore)
    }
}
