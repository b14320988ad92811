import HTTPServer

/// Adds the headers that keep pages from being framed, sniffed or made to run injected script.
///
/// Every response gets `X-Content-Type-Options: nosniff`. HTML pages also get a Content Security Policy
/// that allows only our own scripts, styles and forms (no inline script or style), `Referrer-Policy:
/// same-origin` and `X-Frame-Options: DENY`. A handler that set its own policy keeps it: the console
/// federation page must post its form to AWS.
package struct SecurityHeadersMiddleware: Middleware {
    package static let defaultPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    private let defaultPolicy = SecurityHeadersMiddleware.defaultPolicy

    /// The default policy with `form-action` widened to `sources` besides this site, for the one page
    /// whose form leaves it (the console launch posts to AWS's sign-in URL, which then redirects to the
    /// console; browsers check `form-action` on that redirect too). Callers pass checked host sources.
    package static func policy(formActions sources: [String]) -> String {
        defaultPolicy.replacing("form-action 'self'", with: (["form-action 'self'"] + sources).joined(separator: " "))
    }

    package init() {}

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        var response = try next(request)
        // One pass over the fields instead of a lookup per header: this runs for every response.
        var isHTML = false
        var present = (nosniff: false, policy: false, referrer: false, frame: false)
        for field in response.headers {
            if HeaderName.matches(field.name, "Content-Type") {
                isHTML = MediaType.matches(field.value, "text/html")
            } else if HeaderName.matches(field.name, "X-Content-Type-Options") {
                present.nosniff = true
            } else if HeaderName.matches(field.name, "Content-Security-Policy") {
                present.policy = true
            } else if HeaderName.matches(field.name, "Referrer-Policy") {
                present.referrer = true
            } else if HeaderName.matches(field.name, "X-Frame-Options") {
                present.frame = true
            }
        }
        // Room for these and the request id, added in place so the fields grow at most once.
        response.headers.reserveCapacity(response.headers.count + 5)
        if !present.nosniff { response.headers.add(name: "X-Content-Type-Options", value: "nosniff") }
        if isHTML {
            if !present.policy { response.headers.add(name: "Content-Security-Policy", value: defaultPolicy) }
            if !present.referrer { response.headers.add(name: "Referrer-Policy", value: "same-origin") }
            if !present.frame { response.headers.add(name: "X-Frame-Options", value: "DENY") }
        }
        return response
    }
}
