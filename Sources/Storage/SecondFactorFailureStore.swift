import Domain
import SQLite

/// Wrong second-factor codes per account, in the database so the count holds across sign-ins, client
/// addresses, restarts and instances, and so admins can see an account someone is guessing.
///
/// `admit` counts an attempt as wrong before the code is checked, in the caller's transaction, and
/// `recordCorrectCode` gives it back: a burst of parallel guesses cannot all pass the check before any is
/// counted, since each `admit` writes under the database's write lock.
package struct SecondFactorFailureStore {
    /// The answer to "may this code be checked?".
    package enum Admission: Hashable, Sendable {
        /// Check it; `raisedAlarm` is true for the one attempt that flagged the account.
        case allowed(raisedAlarm: Bool)
        /// Refused; the account may try again after this many seconds.
        case throttled(retryAfterSeconds: Int)
    }

    /// An account being guessed, as admins see it.
    package struct Flag: Hashable, Sendable {
        package var userID: String
        package var flaggedAt: Int
        /// Wrong codes since the flag was raised, including those that raised it.
        package var failures: Int
        package var lastFailureAt: Int
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Counts an attempt at `now` as wrong unless the account must still wait.
    package func admit(userID: String, now: Int, limit: SecondFactorLimit) throws -> Admission {
        let row = try db.queryOne(
            "SELECT failures, last_failure_at, blocked_until, flagged_at FROM second_factor_failures WHERE user_id = ?", [userID])
        var failures: Int = try row?["failures"] ?? 0
        let lastFailureAt: Int = try row?["last_failure_at"] ?? now
        let blockedUntil: Int = try row?["blocked_until"] ?? 0
        let flaggedAt: Int? = try row?["flagged_at"]
        if blockedUntil > now { return .throttled(retryAfterSeconds: blockedUntil - now) }
        if limit.isQuiet(lastFailureAt: lastFailureAt, blockedUntil: blockedUntil, now: now) { failures = 0 }
        failures += 1
        let raisesAlarm = flaggedAt == nil && failures >= limit.alarmFailures
        try db.execute(
            """
            INSERT INTO second_factor_failures (user_id, failures, last_failure_at, blocked_until, flagged_at, flagged_failures)
            VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN ?3 END, CASE WHEN ?5 THEN ?2 ELSE 0 END)
            ON CONFLICT (user_id) DO UPDATE SET
                failures = ?2, last_failure_at = ?3, blocked_until = ?4,
                flagged_at = CASE WHEN ?5 THEN ?3 ELSE flagged_at END,
                flagged_failures = CASE WHEN ?5 THEN ?2 WHEN flagged_at IS NOT NULL THEN flagged_failures + 1 ELSE 0 END
            """,
            [userID, failures, now, now + limit.delaySeconds(afterFailures: failures), raisesAlarm])
        return .allowed(raisedAlarm: raisesAlarm)
    }

    /// The code was right: the account starts afresh, and the attempt `admit` counted is given back. A
    /// flag stays until an admin dismisses it, since whoever guessed may have been the one who got in.
    package func recordCorrectCode(userID: String) throws {
        try db.execute(
            """
            UPDATE second_factor_failures SET failures = 0, blocked_until = 0,
                flagged_failures = max(flagged_failures - (flagged_at IS NOT NULL), 0)
            WHERE user_id = ?
            """,
            [userID])
        try db.execute("DELETE FROM second_factor_failures WHERE user_id = ? AND flagged_at IS NULL", [userID])
    }

    /// The user's flag, if someone has been guessing their codes.
    package func flag(userID: String) throws -> Flag? {
        try db.queryOne(
            "SELECT user_id, flagged_at, flagged_failures, last_failure_at FROM second_factor_failures WHERE user_id = ? AND flagged_at IS NOT NULL",
            [userID]
        ).map(Self.flag)
    }

    /// Which of `userIDs` are flagged.
    package func flaggedUserIDs(among userIDs: [String]) throws -> Set<String> {
        Set(
            try db.query(
                "SELECT user_id FROM second_factor_failures WHERE flagged_at IS NOT NULL AND user_id IN (SELECT value FROM json_each(?))",
                [JSONColumn.encode(userIDs)]
            ).map { try $0["user_id"] as String })
    }

    /// Clears the flag and the count (an admin looked into it); returns whether there was a flag.
    @discardableResult
    package func dismiss(userID: String) throws -> Bool {
        try db.execute("DELETE FROM second_factor_failures WHERE user_id = ? AND flagged_at IS NOT NULL", [userID])
        return db.changes == 1
    }

    static func flag(_ row: Row) throws -> Flag {
        Flag(
            userID: try row["user_id"], flaggedAt: try row["flagged_at"], failures: try row["flagged_failures"],
            lastFailureAt: try row["last_failure_at"])
    }
}
