import Synchronization

/// A clock that moves only when told to, for tests: `advance(seconds:)` instead of sleeping.
package final class ManualClock: Sendable {
    private let time: Mutex<Timestamp>

    /// Starts at `start`, by default the system clock's present second (so cookies and codes made from
    /// the real time still agree with it).
    package init(_ start: Timestamp = Timestamp(seconds: WallClock.system.epochSeconds)) {
        time = Mutex(start)
    }

    package convenience init(epochSeconds: Int) {
        self.init(Timestamp(seconds: epochSeconds))
    }

    /// A `WallClock` that reads this one.
    package var clock: WallClock {
        WallClock { [self] in time.withLock { $0 } }
    }

    package var epochSeconds: Int { time.withLock { $0.seconds } }

    package func advance(seconds: Int) {
        time.withLock { $0.seconds += seconds }
    }

    package func set(_ timestamp: Timestamp) {
        time.withLock { $0 = timestamp }
    }
}
