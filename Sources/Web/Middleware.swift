import HTTPServer

/// A step around every handler: it may change the request on the way in, the response on the way out,
/// or answer by itself without calling `next`.
///
/// `WebApplication` places an error boundary inside each middleware, so `next` hands back a response
/// even when something deeper threw: an access log sees the 403, security headers reach the error page.
/// Middleware that needs to react to failure looks at the status.
package protocol Middleware: Sendable {
    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse
}
