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

    func signal() {
        sem_post(semaphore)
    }
}
