import Crypto
import Domain
import Storage
import Time
import Web

/// Turns the session cookie into a `SignedInUser` for the handlers, and clears cookies that no longer
/// name an active session.
///
/// Only the browser group runs it: probes, assets and machine surfaces never look at the cookie, so a
/// probe costs no database read and no machine request can be authenticated by a browser's session.
///
/// The lookup is one indexed read, fine on an event loop; the last-seen write is handed to the
/// background writer. `SessionStore.find` refuses expired and revoked sessions and disabled users, so a
/// user disabled by `portico apply` in another process is signed out on their very next request; a session
/// the user's MFA rule no longer admits is refused and ended the same way.
/// Responses that set a cookie or show a signed-in page are marked `no-store`, so no shared cache keeps
/// a token or someone's page.
struct SessionMiddleware: Middleware {
    let authentication: Authentication

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        var staleCookie = false
        if let token = request.cookies[SessionCookies.session] {
            if let signedIn = try find(token, request: request) {
                request.storage[SignedInUser.Key.self] = signedIn
            } else {
                staleCookie = true
            }
        }
        var response = try next(request)
        var setsCookies = false, setsSessionCookie = false
        for field in response.headers where HTTPHeaders.namesMatch(field.name, "Set-Cookie") {
            setsCookies = true
            if field.value.hasPrefix(SessionCookies.session + "=") { setsSessionCookie = true }
        }
        if staleCookie && !setsSessionCookie {
            response.setCookie(authentication.cookies.cleared(SessionCookies.session))
        }
        if staleCookie || setsCookies {
            response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        } else if request.signedIn != nil && !response.headers.contains("Cache-Control") {
            response.headers.add(name: "Cache-Control", value: "no-store")
        }
        return response
    }

    private func find(_ token: String, request: Request) throws -> SignedInUser? {
        // Garbage never reaches the database.
        guard Token.isWellFormed(token) else { return nil }
        let now = authentication.clock.epochSeconds
        let tokenHash = Token.hash(token)
        let (lookup, ownsAccounts) = try authentication.database.read { db -> (SessionStore.Lookup, Bool) in
            let lookup = try SessionStore(db).lookup(tokenHash: tokenHash, now: now)
            guard case .active(_, let user) = lookup, !user.isAdmin else { return (lookup, false) }
            // Admins reach every account anyway; for everyone else this is one probe of an index.
            return (lookup, try AccountStore(db).ownsAnyAccount(userID: user.id))
        }
        guard let (session, user) = authentication.admit(lookup, request: request) else { return nil }
        return SignedInUser(
            user: user, session: session, tokenHash: tokenHash, csrfToken: authentication.csrfToken(sessionTokenHash: tokenHash),
            ownsAccounts: ownsAccounts)
    }
}
