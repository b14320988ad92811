import Web

/// Where to go after signing in: the `return_to` a page asked for, when it stays on this site.
enum ReturnPath {
    /// Longer than any page of ours needs; a longer value is dropped rather than carried around.
    static let maximumLength = 2_048

    /// `value` when it is a same-origin path that is not the sign-in page itself, else `/`.
    ///
    /// `//host`, `/\host`, absolute URLs and control characters are refused by `isSameOriginPath`.
    static func sanitized(_ value: String?) -> String {
        guard let value, value.utf8.count <= maximumLength, HTTPResponse.isSameOriginPath(value),
            !value.hasPrefix("/login"), !value.hasPrefix("/mfa")
        else { return "/" }
        return value
    }

    /// `page` of the sign-in (`/login` unless a later step) that brings the visitor back to `path` afterwards.
    static func signInPath(_ page: String = "/login", returningTo path: String) -> String {
        let target = sanitized(path)
        return target == "/" ? page : page + "?return_to=" + QueryEncoding.component(target)
    }

    /// The 303 to `/login` that comes back to this page after sign-in.
    static func signInFirst(_ request: Request) throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: signInPath(returningTo: current(request)))
    }

    /// The path and query a request asked for, to come back to after signing in.
    static func current(_ request: Request) -> String {
        let path = String(request.path)
        guard let query = request.head.query, !query.isEmpty else { return path }
        return path + "?" + query
    }
}
