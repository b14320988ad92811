import Web

/// The gate of the admin group, in front of every admin page and action: signed-out visitors are sent to
/// sign in, signed-in people who are not admins get a 403, and handlers find the admin with `request.admin()`.
///
/// `SessionMiddleware` loads the user afresh on every request, so an admin whose flag is removed loses
/// access at their next request, not when their session ends.
struct RequireAdmin: Middleware {
    static let notAnAdmin = "This page is for Portico administrators only."

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try ReturnPath.signInFirst(request) }
        guard signedIn.user.isAdmin else { throw HTTPError(.forbidden, Self.notAnAdmin) }
        var request = request
        request.storage[Key.self] = signedIn
        return try next(request)
    }

    enum Key: RequestStorageKey {
        typealias Value = SignedInUser
    }
}
