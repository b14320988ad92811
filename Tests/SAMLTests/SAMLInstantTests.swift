import Testing

@testable import SAML

struct SAMLInstantTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_767_225_600, "2026-01-01T00:00:00Z"),
        (1_709_164_799, "2024-02-28T23:59:59Z"),
        (1_709_164_800, "2024-02-29T00:00:00Z"),
        (951_868_800, "2000-03-01T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"),
    ])
    func formatsEpochSecondsAsUTCDateTime(seconds: Int64, expected: String) {
        #expect(SAMLInstant.format(seconds) == expected)
        #expect(SAMLInstant.parse(expected) == seconds)
    }

    @Test(arguments: [
        ("2026-01-01T00:00:00.1234567Z", Int64(1_767_225_600)),
        ("2026-01-01T00:00:00.999Z", 1_767_225_600),
        ("2026-01-01T01:00:00+01:00", 1_767_225_600),
        ("2025-12-31T19:30:00-04:30", 1_767_225_600),
        ("2026-01-01T00:00:00-00:00", 1_767_225_600),
    ])
    func readsFractionsAndOffsetsAsTheWholeUTCSecond(text: String, seconds: Int64) {
        #expect(SAMLInstant.parse(text) == seconds)
    }

    @Test(arguments: [
        "", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
        "26-01-01T00:00:00Z", "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00+1:00", "2026-01-01T00:00:00+15:00",
        "２０２６-01-01T00:00:00Z", "2026-01-01T00:00:00z",
    ])
    func refusesAnythingElse(text: String) {
        #expect(SAMLInstant.parse(text) == nil)
    }
}
