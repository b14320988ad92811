/// How many wrong second-factor codes one account may have, across sign-ins and client addresses.
///
/// The password step's throttle counts per typed email and per address, and a correct password clears the
/// account's count; someone who knows the password could therefore start sign-in after sign-in, from
/// address after address, and guess codes with a fresh allowance each time. This limit belongs to the
/// account and only a correct code or a quiet day clears it: after `freeFailures` wrong codes each further
/// one must wait `baseDelaySeconds`, doubling up to `maximumDelaySeconds`. At the cap that is 24 guesses a
/// day, each with a 3-in-a-million chance (the current code and its neighbours), so a guessed code takes
/// decades; and at `alarmFailures` the account is flagged for admins, who should change the password.
package struct SecondFactorLimit: Hashable, Sendable {
    /// Wrong codes allowed without a wait: typing slips over a couple of 30-second steps.
    package var freeFailures = 5
    package var baseDelaySeconds = 30
    package var maximumDelaySeconds = 3_600
    /// Failures are forgotten after this long without one (unless a wait is still running).
    package var quietSeconds = 86_400
    /// Wrong codes in a row that flag the account as being guessed.
    package var alarmFailures = 10

    package init() {}

    /// The wait that `failures` wrong codes earn, counted from the last one.
    package func delaySeconds(afterFailures failures: Int) -> Int {
        guard failures >= freeFailures else { return 0 }
        var delay = baseDelaySeconds
        for _ in 0..<min(failures - freeFailures, 62) {
            delay *= 2
            if delay >= maximumDelaySeconds { return maximumDelaySeconds }
        }
        return min(delay, maximumDelaySeconds)
    }

    /// Whether a record last failed long enough ago, with no wait running, to start afresh.
    package func isQuiet(lastFailureAt: Int, blockedUntil: Int, now: Int) -> Bool {
        now - lastFailureAt >= quietSeconds && now >= blockedUntil
    }
}
