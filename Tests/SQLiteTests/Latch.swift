import Glibc
import Synchronization

/// A one-way signal between test threads: opened once, awaited with a timeout so a bug fails the
/// test instead of hanging it.
final class Latch: Sendable {
    private let isOpen = Atomic<Bool>(false)

    func open() {
        isOpen.store(true, ordering: .releasing)
    }

    /// Whether the latch opened within `milliseconds`.
    @discardableResult
    func wait(milliseconds: Int = 10_000) -> Bool {
        for _ in 0..<milliseconds {
            if isOpen.load(ordering: .acquiring) { return true }
            usleep(1000)
        }
        return isOpen.load(ordering: .acquiring)
    }
}
