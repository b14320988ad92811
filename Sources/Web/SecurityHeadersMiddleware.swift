import HTTPServer

/// Adds the headers that keep pages from being framed, sniffed or made to run injected script.
///
/// Every response gets `X-Content-Type-Options: nosniff`. HTML pages also get a Content Security Policy
/// that allows only our own scripts, styles and forms (plus the page's nonce when its handler asked for
/// one with `request.cspNonce()`), `Referrer-Policy: same-origin` and `X-Frame-Options: DENY`. A handler
/// that set its own policy keeps it: the console federation page must post its form to AWS.
package struct SecurityHeadersMiddleware: Middleware {
    private static let policyBeforeNonce = "default-src 'self'; script-src 'self'"
    private static let policyAfterNonce =
        "; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    /// The policy without a nonce, built once.
    package static let defaultPolicy = policyBeforeNonce + policyAfterNonce

    package init() {}

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        var response = try next(request)
        addIfAbsent("X-Content-Type-Options", "nosniff", to: &response.headers)
        guard let contentType = response.headers["Content-Type"], MediaType.matches(contentType, "text/html") else {
            return response
        }
        if !response.headers.contains("Content-Security-Policy") {
            let policy = request.locals.existingCSPNonce.map { Self.policyBeforeNonce + " 'nonce-\($0)'" + Self.policyAfterNonce }
            response.headers.add(name: "Content-Security-Policy", value: policy ?? Self.defaultPolicy)
        }
        addIfAbsent("Referrer-Policy", "same-origin", to: &response.headers)
        addIfAbsent("X-Frame-Options", "DENY", to: &response.headers)
        return response
    }

    private func addIfAbsent(_ name: String, _ value: String, to headers: inout HTTPHeaders) {
        if !headers.contains(name) { headers.add(name: name, value: value) }
    }
}
