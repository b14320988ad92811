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
    }
}
