import Crypto
import Web

/// Refuses state-changing browser requests whose form does not carry the right `csrf` field.
///
/// A signed-in form must send the session's token (an HMAC of the session, so another site cannot
/// know it). Forms shown to signed-out visitors (sign-in, MFA step, setup, password reset) use a
/// double-submit token instead: a random `SameSite=Strict` cookie that the form must repeat, which
/// stops another site from signing a victim into the attacker's account. A signed-out request to a
/// signed-in form is sent to sign in without its handler ever running.
struct CSRFMiddleware: Middleware {
    static let fieldName = "csrf"
    /// Paths whose forms are shown to signed-out visitors.
    static let anonymousFormPaths: Set<String> = ["/login", "/mfa", "/mfa/enrol", "/setup", "/reset-password"]

    /// The methods that may change something; a switch, not an array literal, because this runs for every request.
    private static func changesState(_ method: HTTPMethod) -> Bool {
        switch method {
        case .post, .put, .patch, .delete: true
        default: false
        }
    }

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard request.route != nil, Self.changesState(request.method) else { return try next(request) }
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
}
