import Time
import Web

/// The gate of the pages that change how someone signs in (authenticators, recovery codes, password):
/// the session's holder must have proved who they are within the last few minutes, by signing in or on
/// `/me/confirm`, so a stolen session cookie alone cannot swap the victim's second factor.
///
/// A page is sent to the confirmation and comes back; a form posted after the window closed comes back to
/// the group's landing page instead, since a `POST` cannot be replayed by a redirect. Runs after
/// `RequireSignIn`, whose group this one is nested in.
struct RequireRecentVerification: Middleware {
    /// Long enough to install an authenticator app and confirm it, short enough to matter.
    static let windowSeconds = 10 * 60

    let clock: WallClock
    /// The page a late form post returns to after the confirmation.
    let landingPath: String

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        guard !signedIn.session.isRecentlyVerified(at: clock.epochSeconds, within: Self.windowSeconds) else {
            return try next(request)
        }
        let comeBackTo = request.method == .get || request.method == .head ? ReturnPath.current(request) : landingPath
        return try HTTPResponse.redirect(toPath: "/me/confirm?return_to=" + QueryEncoding.component(ReturnPath.sanitized(comeBackTo)))
    }
}
