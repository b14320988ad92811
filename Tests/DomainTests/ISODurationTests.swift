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
            ("PT1H", nil), ("PT12H", nil), ("PT59M", "must be between PT1H and PT12H"), ("PT12H1S", "must be between PT1H and PT12H"),
            ("P1D", "must be between PT1H and PT12H"), ("1 hour", "must be an ISO-8601 duration such as PT1H"),
        ] as [(String, String?)])
    func checksThePermissionSetRange(text: String, problem: String?) {
        #expect(ISODuration.problem(text, in: ISODuration.permissionSetRange) == problem)
    }

    @Test(
        arguments: [
            ("PT15M", nil), ("PT8H", nil), ("P90D", nil), ("PT14M", "must be between PT15M and P90D"),
            ("P91D", "must be between PT15M and P90D"),
        ] as [(String, String?)])
    func checksThePortalSessionRange(text: String, problem: String?) {
        #expect(ISODuration.problem(text, in: ISODuration.portalSessionRange) == problem)
    }
}
