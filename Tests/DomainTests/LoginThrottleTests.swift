import Domain
import Synchronization
import Testing

/// A clock the test moves by hand.
private final class FakeClock: Sendable {
    private let now = Mutex<Duration>(.seconds(1_000))

    func advance(_ seconds: Double) { now.withLock { $0 += .milliseconds(Int64(seconds * 1000)) } }
    var reading: @Sendable () -> Duration { { self.now.withLock { $0 } } }
}

struct LoginThrottleTests {
    private let clock = FakeClock()

    private func throttle(_ policy: LoginThrottle.Policy = .init()) -> LoginThrottle {
        LoginThrottle(policy: policy, clock: clock.reading)
    }

    /// Makes `count` failed attempts, each as soon as the throttle allows it.
    private func fail(_ throttle: LoginThrottle, _ count: Int, account: String = "alice@example.com", address: String = "192.0.2.1") {
        for _ in 0..<count {
            if case .throttled(let wait) = throttle.attempt(account: account, address: address) {
                clock.advance(Double(wait))
                #expect(throttle.attempt(account: account, address: address) == .allowed)
            }
        }
    }

    @Test func fiveFailuresAreFreeThenTheSixthWaitsOneSecond() {
        let throttle = throttle()
        for _ in 0..<5 { #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed) }
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
        clock.advance(1)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed)
    }

    @Test func delaysDoubleUpToFifteenMinutesAfterWhichTheAccountStartsAfresh() {
        let throttle = throttle()
        fail(throttle, 5)
        var observed: [Int] = []
        for _ in 0..<11 {
            guard case .throttled(let wait) = throttle.attempt(account: "alice@example.com", address: "192.0.2.1") else {
                Issue.record("expected a wait")
                return
            }
            observed.append(wait)
            clock.advance(Double(wait))
            #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed)
        }
        #expect(observed == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900])
        // The 900 s wait is also the quiet period: the attempt after it began a fresh record.
        fail(throttle, 4)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.9") == .throttled(retryAfterSeconds: 1))
    }

    @Test func retryAfterRoundsUpAndShrinksAsTimePasses() {
        let throttle = throttle()
        fail(throttle, 7)  // the next wait is 4 s
        clock.advance(2.5)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 2))
    }

    @Test func refusedAttemptsDoNotLengthenTheBlock() {
        let throttle = throttle()
        fail(throttle, 14)  // the next wait is 512 s
        for _ in 0..<100 {
            clock.advance(5)
            _ = throttle.attempt(account: "alice@example.com", address: "192.0.2.1")
        }
        clock.advance(12)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.2") == .allowed)
    }

    @Test func successClearsTheAccount() {
        let throttle = throttle()
        fail(throttle, 5)
        clock.advance(1)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed)
        throttle.recordSuccess(account: "alice@example.com", address: "192.0.2.1")
        fail(throttle, 5)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
    }

    @Test func accountKeyIgnoresCaseAndSurroundingSpace() {
        let throttle = throttle()
        fail(throttle, 3, account: "Alice@Example.com")
        fail(throttle, 2, account: "  alice@example.COM ", address: "198.51.100.7")
        #expect(throttle.attempt(account: "ALICE@example.com", address: "203.0.113.9") == .throttled(retryAfterSeconds: 1))
    }

    @Test func quietPeriodForgetsAKey() {
        let throttle = throttle()
        fail(throttle, 5)
        clock.advance(15 * 60 - 1)
        #expect(throttle.entryCounts.accounts == 1)
        clock.advance(1)
        // Five free again: the earlier failures are forgotten.
        fail(throttle, 5)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
    }

    @Test func attackerCannotHoldTheAccountLongerThanTheMaximumDelayAfterTheirLastCountedAttempt() {
        let throttle = throttle()
        fail(throttle, 5)
        // Guess from ever new addresses as fast as allowed until the cap.
        var guesses = 0
        while case .throttled(let wait) = throttle.attempt(account: "alice@example.com", address: "10.0.0.\(guesses)"), wait < 900 {
            clock.advance(Double(wait))
            guesses += 1
            #expect(throttle.attempt(account: "alice@example.com", address: "10.1.0.\(guesses)") == .allowed)
        }
        #expect(guesses == 10)
        clock.advance(900)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.50") == .allowed)
    }

    @Test func addressAllowsTwentyFailuresAcrossAccounts() {
        let throttle = throttle()
        for index in 0..<20 {
            #expect(throttle.attempt(account: "user\(index)@example.com", address: "192.0.2.1") == .allowed)
        }
        #expect(throttle.attempt(account: "someone-new@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
        // The refused attempt counted nothing against the account.
        #expect(throttle.attempt(account: "someone-new@example.com", address: "192.0.2.2") == .allowed)
    }

    @Test func successesFromASharedAddressDoNotUseUpItsAllowance() {
        let throttle = throttle()
        for index in 0..<100 {
            #expect(throttle.attempt(account: "user\(index)@example.com", address: "192.0.2.1") == .allowed)
            throttle.recordSuccess(account: "user\(index)@example.com", address: "192.0.2.1")
        }
        #expect(throttle.entryCounts.addresses == 0)
    }

    @Test func successOnOwnAccountGivesBackOnlyThatAttempt() {
        let throttle = throttle()
        for index in 0..<20 {
            _ = throttle.attempt(account: "victim\(index)@example.com", address: "192.0.2.1")
        }
        #expect(throttle.attempt(account: "attacker@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
        clock.advance(1)
        #expect(throttle.attempt(account: "attacker@example.com", address: "192.0.2.1") == .allowed)
        throttle.recordSuccess(account: "attacker@example.com", address: "192.0.2.1")
        #expect(throttle.attempt(account: "victim0@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
    }

    @Test func bothLimitsApplyAndTheLongerWaitIsReported() {
        let throttle = throttle(.init(freeFailuresPerAccount: 2, freeFailuresPerAddress: 3))
        for _ in 0..<2 { #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed) }
        clock.advance(1)
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed)  // account: 2 s, address: 1 s
        #expect(throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 2))
    }

    @Test func ipv6AddressesCountByTheirSlash64() {
        let throttle = throttle()
        for index in 0..<20 {
            #expect(throttle.attempt(account: "user\(index)@example.com", address: "2001:db8:1:2::\(index + 1)") == .allowed)
        }
        #expect(
            throttle.attempt(account: "x@example.com", address: "[2001:0db8:0001:0002:ffff::9%eth0]") == .throttled(retryAfterSeconds: 1))
        #expect(throttle.attempt(account: "x@example.com", address: "2001:db8:1:3::1") == .allowed)
    }

    @Test func ipv4MappedAddressesCountAsIPv4() {
        let throttle = throttle(.init(freeFailuresPerAddress: 1))
        #expect(throttle.attempt(account: "a@example.com", address: "::ffff:192.0.2.1") == .allowed)
        #expect(throttle.attempt(account: "b@example.com", address: "192.0.2.1") == .throttled(retryAfterSeconds: 1))
    }

    @Test func tablesStayWithinCapacityEvictingTheOldest() {
        let throttle = throttle(.init(capacity: 100))
        for index in 0..<1_000 {
            clock.advance(0.01)
            _ = throttle.attempt(account: "user\(index)@example.com", address: "10.0.\(index / 250).\(index % 250)")
        }
        let counts = throttle.entryCounts
        #expect(counts.accounts <= 100 && counts.addresses <= 100)
        #expect(counts.accounts > 50)
    }

    @Test func evictionPrefersQuietEntries() {
        let throttle = throttle(.init(freeFailuresPerAccount: 1, capacity: 10))
        fail(throttle, 1, account: "old@example.com", address: "192.0.2.200")
        clock.advance(16 * 60)
        for index in 0..<10 { fail(throttle, 1, account: "user\(index)@example.com", address: "192.0.2.\(index)") }
        #expect(throttle.entryCounts.accounts == 10)
        // The oldest active entry survived: the quiet one made room.
        #expect(throttle.attempt(account: "user0@example.com", address: "192.0.2.100") == .throttled(retryAfterSeconds: 1))
    }

    @Test func parallelAttemptsCannotAllSlipThroughTheAllowance() async {
        let throttle = throttle()
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { throttle.attempt(account: "alice@example.com", address: "192.0.2.1") == .allowed }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 5)
    }
}
