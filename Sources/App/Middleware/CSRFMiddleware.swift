import Crypto
import Web

/// Refuses state-changing browser requests that another site sent, or whose form does not carry the right
/// `csrf` field.
///
/// A signed-in form must send the session's token (an HMAC of the session, so another site cannot
/// know it). Forms shown to signed-out visitors (sign-in, MFA step, setup, password reset) use a
/// double-submit token instead: a random `SameSite=Strict` cookie that the form must repeat, which
/// stops another site from signing a victim into the attacker's account. A signed-out request to a
/// signed-in form is sent to sign in without its handler ever running.
///
/// Before the token, a second layer asks the browser where the request came from, so a leaked or
/// mishandled token is not enough on its own. `Sec-Fetch-Site` (Fetch Metadata) must be `same-origin`, or
/// `none` for what the user did themselves; `same-site` is refused too, since a sibling subdomain is another
/// application that SameSite cookies do not keep out. `Origin` (RFC 6454 §7) must be Portico's own origin,
/// the base URL: `null` and every other origin are refused, which also turns away pages that reach Portico
/// under a name of their own (DNS rebinding). Clients that send neither (curl, old browsers) rely on the
/// token alone.
struct CSRFMiddleware: Middleware {
    static let fieldName = "csrf"
    /// Paths whose forms are shown to signed-out visitors.
    static let anonymousFormPaths: Set<String> = [
        "/login", "/login/passkey", "/mfa", "/mfa/security-key", "/mfa/enrol", "/mfa/enrol/security-key", "/setup", "/reset-password",
    ]

    /// The origin browsers show Portico's pages at: the configured base URL, already an origin.
    let origin: String

    /// The methods that may change something; a switch, not an array literal, because this runs for every request.
    private static func changesState(_ method: HTTPMethod) -> Bool {
        switch method {
        case .post, .put, .patch, .delete: true
        default: false
        }
    }

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard request.route != nil, Self.changesState(request.method) else { return try next(request) }
        try refuseOtherSites(request)
        let sent = try request.form()[Self.fieldName] ?? ""
        let expected: String?
        if Self.anonymousFormPaths.contains(String(request.path)) {
            expected = request.cookies[SessionCookies.anonymousCSRF].flatMap { Token.isWellFormed($0) ? $0 : nil }
        } else if let signedIn = request.signedIn {
            expected = signedIn.csrfToken
        } else {
            return try HTTPResponse.redirect(toPath: "/login")
        }
        guard let expected, ConstantTime.equals(Array(expected.utf8), Array(sent.utf8)) else {
            throw HTTPError(
                .forbidden,
                "This form was out of date or did not come from Portico, so nothing was changed. Go back, reload the page and try again.")
        }
        return try next(request)
    }

    private func refuseOtherSites(_ request: Request) throws(HTTPError) {
        let sites = request.headers.values(for: "Sec-Fetch-Site")
        let origins = request.headers.values(for: "Origin")
        guard sites.allSatisfy({ $0 == "same-origin" || $0 == "none" }), origins.allSatisfy({ $0.lowercased() == origin }) else {
            throw HTTPError(
                .forbidden,
                "This form was sent from another site, so nothing was changed. Open Portico at \(origin) and try again.")
        }
    }
}
