import Web

/// The gate of the pages that show a signed-in person their own things (`/me/…`): a signed-out visitor is
/// sent to sign in and brought back afterwards.
struct RequireSignIn: Middleware {
    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard request.signedIn != nil else { return try ReturnPath.signInFirst(request) }
        return try next(request)
    }
}
