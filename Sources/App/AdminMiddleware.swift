import HTTPServer
import Web

/// The gate in front of every admin page and action: signed-out visitors are sent to sign in, signed-in
/// people who are not admins get a 403.
///
/// `SessionMiddleware` loads the user afresh on every request, so an admin whose flag is removed loses
/// access at their next request, not when their session ends.
enum AdminAccess {
    static let notAnAdmin = "This page is for Portico administrators only."

    /// The signed-in admin, or nil for a signed-out visitor; throws 403 for anyone else.
    static func admin(_ request: Request) throws -> SignedInUser? {
        guard let signedIn = request.signedIn else { return nil }
        guard signedIn.user.isAdmin else { throw HTTPError(.forbidden, notAnAdmin) }
        return signedIn
    }

    /// The 303 to `/login` that comes back to this page after sign-in.
    static func signInFirst(_ request: Request) throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: ReturnPath.current(request)))
    }
}
