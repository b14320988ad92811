import HTTPServer

/// A request as handlers and middleware see it: the parsed HTTP request plus what routing and
/// middleware learned about it.
package struct Request: Sendable {
    package var http: HTTPRequest
    /// What the route pattern's `:name` and `*name` segments captured.
    package var parameters: Parameters
    /// The peer's address as the server saw it.
    package var remoteAddress: String
    /// Set by `RequestIDMiddleware`; empty without it.
    package var requestID: String = ""
    /// Values middleware hands down (the signed-in user, the session).
    package var storage = RequestStorage()

    let resolution: RouteResolution
    let locals = RequestLocals()

    init(http: HTTPRequest, resolution: RouteResolution, remoteAddress: String) {
        self.http = http
        self.resolution = resolution
        self.remoteAddress = remoteAddress
        if case .matched(_, let parameters) = resolution {
            self.parameters = parameters
        } else {
            self.parameters = Parameters()
        }
    }

    /// A request that matched no route, for exercising middleware on its own.
    package init(http: HTTPRequest, remoteAddress: String = "127.0.0.1") {
        self.init(http: http, resolution: .notFound, remoteAddress: remoteAddress)
    }

    package var head: HTTPRequestHead { http.head }
    package var method: HTTPMethod { http.head.method }
    package var headers: HTTPHeaders { http.head.headers }
    package var body: [UInt8] { http.body }
    /// The path as sent, still percent-encoded and without the query: what logs show.
    package var path: Substring { http.head.path }
    /// The route that matched, or nil for 404, 405 and 400 from routing.
    package var route: Route? { resolution.route }

    /// The query string's fields, parsed on first use; a malformed query is a 400.
    package var query: FormData {
        get throws(HTTPError) {
            try locals.query {
                guard let query = http.head.query else { return .success(FormData()) }
                return Result { () throws(HTTPError) in
                    try FormData.parse(query.utf8, tooManyFieldsStatus: .badRequest)
                }
            }.get()
        }
    }

    /// The cookies sent, parsed on first use.
    package var cookies: Cookies { locals.cookies { Cookies(headers: http.head.headers) } }

    /// The fields of an `application/x-www-form-urlencoded` body; any other content type is a 415.
    package func form(maxFields: Int = FormData.defaultMaxFields) throws(HTTPError) -> FormData {
        guard let contentType = headers["Content-Type"], MediaType.matches(contentType, "application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, "The form must be sent as application/x-www-form-urlencoded.")
        }
        return try FormData.parse(http.body, maxFields: maxFields)
    }

    /// A random nonce for this response's inline scripts, made on first use.
    ///
    /// `SecurityHeadersMiddleware` adds `'nonce-…'` to the page's `script-src` only when a handler asked,
    /// so pages without inline script keep the strictest policy.
    package func cspNonce() -> String { locals.cspNonce() }
}
