/// A moment as seconds and nanoseconds since the Unix epoch (UTC), as the system clock reports it.
package struct Timestamp: Sendable, Hashable, Comparable {
    package var seconds: Int
    /// 0 to 999,999,999.
    package var nanoseconds: Int

    package init(seconds: Int, nanoseconds: Int = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds must be 0 to 999,999,999")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The same moment and later by `seconds`.
    package func adding(seconds more: Int) -> Timestamp {
        Timestamp(seconds: seconds + more, nanoseconds: nanoseconds)
    }

    package static func < (left: Timestamp, right: Timestamp) -> Bool {
        (left.seconds, left.nanoseconds) < (right.seconds, right.nanoseconds)
    }
}
