/// The `Date` header line (RFC 9110 §6.6.1), formatted at most once per second per loop.
package struct DateHeaderCache {
    private var second = Int.min
    private(set) var line: [UInt8] = []

    package init() {}

    /// The line for `epochSeconds`, ready to append (`Date: …\r\n`).
    package mutating func line(forEpochSeconds epochSeconds: Int) -> [UInt8] {
        if epochSeconds != second {
            second = epochSeconds
            line = Array("Date: \(HTTPDate.format(epochSeconds: epochSeconds))\r\n".utf8)
        }
        return line
    }
}
