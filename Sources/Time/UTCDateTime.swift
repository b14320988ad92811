/// A moment broken into its UTC calendar fields: the one calendar routine behind HTTP dates, SAML instants,
/// audit times and log timestamps.
///
/// Proleptic Gregorian, exact for any second count, without Foundation (which would load ICU) or `gmtime_r`.
package struct UTCDateTime: Sendable, Equatable {
    package var year: Int
    /// 1 to 12.
    package var month: Int
    /// 1 to 31.
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int
    /// 0 is Sunday.
    package var weekday: Int

    package init(epochSeconds: Int) {
        let days = Self.floorDivide(epochSeconds, 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        weekday = ((days + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }

    /// Howard Hinnant's `civil_from_days`: the date of a day count since 1970-01-01.
    package static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`, the inverse of `civilDate`: the day count since 1970-01-01 of a
    /// proleptic Gregorian date, for reading instants back (SAML's `NotOnOrAfter`). Month and day are not
    /// checked against the calendar: callers validate them first.
    package static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    // MARK: Formats

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`: HTTP `Date` and cookie `Expires`.
    package var imfFixdate: String {
        "\(Self.weekdayNames[weekday]), \(Self.pad(day, 2)) \(Self.monthNames[month - 1]) \(year) \(timeOfDay) GMT"
    }

    /// ISO 8601 to the second, e.g. `2026-12-06T08:09:10Z`: SAML's `xs:dateTime` (SAML 2.0 Core §1.3.3).
    package var iso8601: String { "\(date)T\(timeOfDay)Z" }

    /// ISO 8601 with milliseconds, e.g. `2026-12-06T08:09:10.123Z`: audit times, whose text order is time order.
    package func iso8601(milliseconds: Int) -> String { "\(date)T\(timeOfDay).\(Self.pad(milliseconds, 3))Z" }

    private var date: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    private var timeOfDay: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Timestamp {
    /// The audit log's time format (ISO 8601 with milliseconds).
    package var iso8601Milliseconds: String {
        UTCDateTime(epochSeconds: seconds).iso8601(milliseconds: nanoseconds / 1_000_000)
    }
}
