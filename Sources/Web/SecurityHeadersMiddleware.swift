import HTTPServer

/// Adds the headers that keep pages from being framed, sniffed or made to run injected script.
///
/// Every response gets `X-Content-Type-Options: nosniff`. HTML pages also get a Content Security Policy
/// that allows only our own scripts, styles and forms (no inline script or style), `Referrer-Policy:
/// same-origin` and `X-Frame-Options: DENY`. A handler that set its own policy keeps it: the console
/// federation page must post its form to AWS.
///
/// When the site is served over https, every response also gets `Strict-Transport-Security` (RFC 6797) for
/// a year, so a browser that has been here once never again sends a session cookie over plain http. It
/// leaves out `includeSubDomains` and `preload`: those bind every other host of the parent domain, whose
/// policy is not ours to set.
package struct SecurityHeadersMiddleware: Middleware {
    package static let defaultPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    package static let strictTransportSecurity = "max-age=31536000"

    private let defaultPolicy = SecurityHeadersMiddleware.defaultPolicy
    private let sendsStrictTransportSecurity: Bool

    /// The default policy with `form-action` widened to `sources` besides this site, for the one page
    /// whose form leaves it (the console launch posts to AWS's sign-in URL, which then redirects to the
    /// console; browsers check `form-action` on that redirect too). Callers pass checked host sources.
    package static func policy(formActions sources: [String]) -> String {
        defaultPolicy.replacing("form-action 'self'", with: (["form-action 'self'"] + sources).joined(separator: " "))
    }

    /// - Parameter isSecure: the base URL is https, so `Strict-Transport-Security` is sent.
    package init(isSecure: Bool = false) {
        sendsStrictTransportSecurity = isSecure
    }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        var response = try next(request)
        // One pass over the fields instead of a lookup per header: this runs for every response.
        var isHTML = false
        var present = (nosniff: false, policy: false, referrer: false, frame: false, transport: false)
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
            } else if HeaderName.matches(field.name, "Strict-Transport-Security") {
                present.transport = true
            }
        }
        // Room for these and the request id, added in place so the fields grow at most once.
        response.headers.reserveCapacity(response.headers.count + 6)
        if !present.nosniff { response.headers.add(name: "X-Content-Type-Options", value: "nosniff") }
        if sendsStrictTransportSecurity && !present.transport {
            response.headers.add(name: "Strict-Transport-Security", value: Self.strictTransportSecurity)
        }
        if isHTML {
            if !present.policy { response.headers.add(name: "Content-Security-Policy", value: defaultPolicy) }
            if !present.referrer { response.headers.add(name: "Referrer-Policy", value: "same-origin") }
            if !present.frame { response.headers.add(name: "X-Frame-Options", value: "DENY") }
        }
        return response
    }
}
