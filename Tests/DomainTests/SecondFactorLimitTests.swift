import Domain
import Testing

/// The per-account limit's arithmetic.
struct SecondFactorLimitTests {
    @Test func waitsDoubleFromThirtySecondsToAnHour() {
        let limit = SecondFactorLimit()
        #expect((0...13).map(limit.delaySeconds(afterFailures:)) == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1_920, 3_600, 3_600])
        #expect(limit.delaySeconds(afterFailures: 10_000) == 3_600)
    }

    @Test func aRecordIsQuietOnlyADayAfterItsLastFailureAndWithNoWaitRunning() {
        let limit = SecondFactorLimit()
        #expect(!limit.isQuiet(lastFailureAt: 0, blockedUntil: 0, now: 86_399))
        #expect(limit.isQuiet(lastFailureAt: 0, blockedUntil: 0, now: 86_400))
        #expect(!limit.isQuiet(lastFailureAt: 0, blockedUntil: 90_000, now: 86_400))
    }
}
