/// The arithmetic of one portal session's life: when it ends, how long is left, what the cookie says.
///
/// The end is fixed when the session is created (`created + duration`), so changing the
/// `portal_session_duration` setting later affects new sessions only (SPEC §5). A session is expired from
/// its `expiresAt` second on, and the cookie's `Max-Age` is the remaining life, so the browser drops the
/// cookie no later than the server stops honouring it.
package struct SessionLifetime: Hashable, Sendable {
    package let createdAt: Int
    package let expiresAt: Int

    package init(createdAt: Int, expiresAt: Int) {
        precondition(expiresAt > createdAt, "a session must end after it begins")
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// A session beginning at `createdAt` that lasts `duration`.
    package init(createdAt: Int, duration: ISODuration) {
        self.init(createdAt: createdAt, expiresAt: createdAt + duration.seconds)
    }

    package var durationSeconds: Int { expiresAt - createdAt }

    /// Whole seconds left at `now`; 0 once expired.
    package func remainingSeconds(at now: Int) -> Int {
        max(0, expiresAt - now)
    }

    package func isExpired(at now: Int) -> Bool {
        now >= expiresAt
    }

    /// The cookie's `Max-Age`: the remaining life, so 0 (delete the cookie) once expired.
    package func cookieMaxAge(at now: Int) -> Int {
        remainingSeconds(at: now)
    }
}
