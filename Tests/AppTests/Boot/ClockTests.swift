import App
import Foundation
import Storage
import TestSupport
import Testing
import Time

/// The app reads the time from the clock it is given, everywhere: moving a manual clock ends sessions and
/// dates audit events, with no test waiting for the real one.
struct ClockTests {
    @Test func aSessionEndsWhenTheAppsClockPassesItsLifetime() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock) { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try DirectoryPages.alice(app)
            #expect(try alice.get("/me/sessions").status == 200)

            clock.advance(seconds: 8 * 3_600 - 1)
            #expect(try alice.get("/me/sessions").status == 200, "the default lifetime is eight hours")

            clock.advance(seconds: 1)
            let expired = try alice.get("/me/sessions")
            #expect(expired.status == 303)
            #expect(expired.header("Location")?.hasPrefix("/login") == true)
        }
    }

    @Test func auditEventsAreDatedByTheAppsClock() throws {
        let clock = ManualClock(epochSeconds: 1_900_000_000)  // 2030-03-17T17:46:40Z
        try withPortico(clock: clock.clock) { app, _ in
            try app.apply(DirectoryPages.directory)
            _ = try DirectoryPages.root(app)
            let signIn = try #require(try app.auditEvents("auth.signin").first)
            #expect(signIn.time == "2030-03-17T17:46:40.000Z")
        }
    }
}
