import Testing
import Time

struct UTCDateTimeTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT", "2000-02-29T00:00:00Z"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 GMT", "2024-02-29T00:00:00Z"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT", "2099-12-31T23:59:59Z"),
    ])
    func formatsHTTPDatesAndInstantsFromTheSameFields(seconds: Int, imf: String, iso: String) {
        let time = UTCDateTime(epochSeconds: seconds)
        #expect(time.imfFixdate == imf)
        #expect(time.iso8601 == iso)
    }

    @Test func auditTimesCarryMillisecondsSoTextOrderIsTimeOrder() {
        let earlier = Timestamp(seconds: 1_795_392_000, nanoseconds: 7_000_000).iso8601Milliseconds
        let later = Timestamp(seconds: 1_795_392_000, nanoseconds: 120_000_000).iso8601Milliseconds
        #expect(earlier == "2026-11-23T00:00:00.007Z")
        #expect(later == "2026-11-23T00:00:00.120Z")
        #expect(earlier < later)
    }

    @Test func everyDayOfFourHundredYearsRoundTripsThroughTheCalendar() {
        // Walk 1900-03-01 .. 2300-02-28 day by day: the date advances by exactly one calendar day each time.
        var previous = UTCDateTime.civilDate(daysSinceEpoch: -25_508)
        #expect(previous == (1900, 3, 1))
        let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for day in -25_507..<(-25_508 + 146_097) {
            let date = UTCDateTime.civilDate(daysSinceEpoch: day)
            let leap = previous.year % 4 == 0 && (previous.year % 100 != 0 || previous.year % 400 == 0)
            let length = previous.month == 2 && leap ? 29 : daysInMonth[previous.month - 1]
            let expected =
                previous.day < length
                ? (previous.year, previous.month, previous.day + 1)
                : previous.month == 12 ? (previous.year + 1, 1, 1) : (previous.year, previous.month + 1, 1)
            #expect(date == expected, "day \(day)")
            #expect(UTCDateTime.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == day, "day \(day)")
            if date != expected { return }
            previous = date
        }
    }
}
