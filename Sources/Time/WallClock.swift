import Glibc

/// Where Portico reads the time of day: the system clock in production, a `ManualClock` in tests.
///
/// Everything that decides by the time (session expiry, one-time links, MFA steps, signing-key checks,
/// audit times) is handed a clock rather than calling the system, so tests move time forward instead of
/// sleeping and can stand exactly on a boundary.
package struct WallClock: Sendable {
    private let read: @Sendable () -> Timestamp

    package init(_ read: @escaping @Sendable () -> Timestamp) {
        self.read = read
    }

    /// `CLOCK_REALTIME`, read through the vDSO (no system call).
    package static let system = WallClock {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Timestamp(seconds: now.tv_sec, nanoseconds: now.tv_nsec)
    }

    package func now() -> Timestamp { read() }

    /// Whole seconds since the Unix epoch: what the database stores.
    package var epochSeconds: Int { read().seconds }
}
