import Glibc

/// Clock readings for logs and metrics; both come from the vDSO, so reading them is not a system call.
enum Clock {
    /// Nanoseconds on a clock that never jumps, for durations.
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Wall-clock time since the Unix epoch, for timestamps.
    @inline(__always)
    static func wallTime() -> (seconds: Int, nanoseconds: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (now.tv_sec, now.tv_nsec)
    }
}
