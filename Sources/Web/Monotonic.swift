import Glibc

/// A clock that never jumps, for request durations in logs and metrics; read through the vDSO, so not a
/// system call. Times of day come from `WallClock`.
enum Monotonic {
    @inline(__always)
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
