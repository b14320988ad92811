import Glibc

/// Times and durations as the pages show them.
enum DurationText {
    /// A short, rounded-down remaining time: `2 d 3 h`, `7 h 59 min`, `4 min`, `less than a minute`.
    static func remaining(_ seconds: Int) -> String {
        let minutes = max(0, seconds) / 60
        let (days, hours, minute) = (minutes / 1_440, minutes / 60 % 24, minutes % 60)
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return minute > 0 ? "\(hours) h \(minute) min" : "\(hours) h" }
        return minute > 0 ? "\(minute) min" : "less than a minute"
    }

    /// A moment in UTC to the minute, e.g. `2026-11-22 09:15 UTC`.
    static func moment(_ epochSeconds: Int) -> String {
        var seconds = epochSeconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(padded(parts.tm_mon + 1))-\(padded(parts.tm_mday)) "
            + "\(padded(parts.tm_hour)):\(padded(parts.tm_min)) UTC"
    }
}

extension DurationText {
    /// A wait in words, rounded up: `1 second`, `40 seconds`, `3 minutes`.
    static func wait(_ seconds: Int) -> String {
        if seconds < 60 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
        let minutes = (seconds + 59) / 60
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}
