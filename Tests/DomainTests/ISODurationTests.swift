import Domain
import Testing

struct ISODurationTests {
    @Test(arguments: [
        ("PT15M", 900, "PT15M"), ("PT1H", 3_600, "PT1H"), ("PT8H", 28_800, "PT8H"), ("PT12H", 43_200, "PT12H"),
        ("P1D", 86_400, "P1D"), ("P90D", 7_776_000, "P90D"), ("PT1H30M", 5_400, "PT1H30M"), ("P1DT2H", 93_600, "P1DT2H"),
        ("PT90M", 5_400, "PT1H30M"), ("PT45S", 45, "PT45S"), ("P1DT1H1M1S", 90_061, "P1DT1H1M1S"), ("PT0S", 0, "PT0S"),
        ("PT24H", 86_400, "P1D"),
    ])
    func parsesAndFormatsCanonically(text: String, seconds: Int, canonical: String) throws {
        let duration = try #require(ISODuration(text))
        #expect(duration.seconds == seconds)
        #expect(duration.description == canonical)
        #expect(ISODuration(canonical) == duration)
    }

    @Test(arguments: [
        "", "P", "PT", "1H", "pt1h", "PT1h", "-PT1H", "PT-1H", "+PT1H", "PT1.5H", "PT1,5H", "P1Y", "P1M", "P1W", "P1H", "PT1D",
        "PT1M1H", "PT1H1H", "P1DT", "PTT1H", "PT 1H", " PT1H", "PT1H ", "PT1000000000H", "PTH", "P1D2D", "garbage",
    ])
    func rejectsWhatItDoesNotSupport(text: String) {
        #expect(ISODuration(text) == nil)
    }

    @Test func comparesByLength() {
        #expect(ISODuration("PT60M") == ISODuration("PT1H"))
        #expect(ISODuration("PT59M")! < ISODuration("PT1H")!)
    }

    @Test(
        arguments: [
            ("PT1H", nil), ("PT12H", nil), ("1 hour", nil), ("pt4h", nil), ("PT59M", "must be between 1 hour and 12 hours"),
            ("PT12H1S", "must be between 1 hour and 12 hours"), ("P1D", "must be between 1 hour and 12 hours"),
            ("59 min", "must be between 1 hour and 12 hours"), ("an hour", "must be a duration such as 4 hours, 1 h 30 min or PT4H"),
        ] as [(String, String?)])
    func checksThePermissionSetRange(text: String, problem: String?) {
        #expect(ISODuration.problem(text, in: ISODuration.permissionSetRange) == problem)
    }

    @Test(
        arguments: [
            ("PT15M", nil), ("PT8H", nil), ("P90D", nil), ("PT14M", "must be between 15 minutes and 90 days"),
            ("P91D", "must be between 15 minutes and 90 days"),
        ] as [(String, String?)])
    func checksThePortalSessionRange(text: String, problem: String?) {
        #expect(ISODuration.problem(text, in: ISODuration.portalSessionRange) == problem)
    }
}

/// Durations as people type them on the pages and as the pages show them.
struct ISODurationTypedTests {
    @Test(
        arguments: [
            ("4h", 14_400), ("4 hours", 14_400), ("4 Hours", 14_400), ("1 h 30 min", 5_400), ("90 min", 5_400), ("1h30m", 5_400),
            ("PT4H", 14_400), ("pt4h", 14_400), (" 8 hours ", 28_800), ("1 hour and 30 minutes", 5_400), ("2 days", 172_800),
            ("1 d 2 h", 93_600), ("1 day, 2 hours", 93_600), ("45 s", 45), ("1 hr 1 sec", 3_601), ("P1DT2H", 93_600),
        ] as [(String, Int)])
    func readsWordsAndISO8601(text: String, seconds: Int) {
        #expect(ISODuration(typed: text) == ISODuration(seconds: seconds))
    }

    @Test(arguments: [
        "", "4", "hours", "4 fortnights", "1.5 hours", "-4 hours", "30 min 1 h", "1 h 2 h", "and 4 hours", "4 hours and",
        "4 hours and and 3 min", "P1W", "PT", "4 hours!", "1234567890 s",
    ])
    func refusesAnythingElse(text: String) {
        #expect(ISODuration(typed: text) == nil)
    }

    @Test(
        arguments: [
            (3_600, "1 hour"), (14_400, "4 hours"), (5_400, "1 h 30 min"), (1_800, "30 minutes"), (60, "1 minute"),
            (86_400, "1 day"), (7_776_000, "90 days"), (93_600, "1 d 2 h"), (125, "2 min 5 s"), (1, "1 second"), (0, "0 seconds"),
        ] as [(Int, String)])
    func showsOneUnitSpeltOutAndSeveralAbbreviated(seconds: Int, words: String) {
        let duration = ISODuration(seconds: seconds)
        #expect(duration.inWords == words)
        // What the pages show reads back as the same duration.
        #expect(ISODuration(typed: words) == duration)
    }
}
