import Testing
import Time

struct ManualClockTests {
    @Test func movesOnlyWhenTold() {
        let manual = ManualClock(epochSeconds: 1_000)
        let clock = manual.clock
        #expect(clock.epochSeconds == 1_000)
        #expect(clock.epochSeconds == 1_000)
        manual.advance(seconds: 90)
        #expect(clock.epochSeconds == 1_090, "every copy of the clock reads the same time")
        manual.set(Timestamp(seconds: 5, nanoseconds: 250_000_000))
        #expect(clock.now() == Timestamp(seconds: 5, nanoseconds: 250_000_000))
    }

    @Test func startsAtThePresentSecondByDefault() {
        let before = WallClock.system.epochSeconds
        let manual = ManualClock()
        #expect((before...(before + 1)).contains(manual.epochSeconds))
    }
}
