import HTTPServer

/// An error that knows which status it stands for, so a handler can simply `throw` it.
///
/// Domain errors conform to this instead of being translated at every call site: `ErrorMiddleware`
/// turns them into the application's error page (or into the error's own response, for surfaces such
/// as SCIM that answer errors in their own format). Anything else thrown becomes a plain 500.
package protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// Text that is safe to show the user: never a stack trace, SQL or secret.
    var message: String { get }
    /// Headers the error response needs, such as `Allow` or `WWW-Authenticate`.
    var headers: HTTPHeaders { get }
    /// A complete response of the error's own, or nil to use the application's error page.
    func response(for request: Request) -> HTTPResponse?
}

extension HTTPResponseError {
    package var headers: HTTPHeaders { HTTPHeaders() }
    package func response(for request: Request) -> HTTPResponse? { nil }
}
