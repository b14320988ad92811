import HTTPServer

/// A request as handlers and middleware see it: the parsed HTTP request plus what routing and
/// middleware learned about it.
package struct Request: Sendable {
    /// The peer's address as the server saw it; `ClientAddressMiddleware` replaces it with the client's
    /// when the peer is a trusted proxy.
    package var remoteAddress: String
    /// The TCP peer's address, which no middleware replaces: the proxy's own when one is in front.
    package let peerAddress: String
    /// The scheme the client used to reach a trusted proxy (`http` or `https`, from `X-Forwarded-Proto`);
    /// nil when the peer is not a trusted proxy or did not say.
    package var forwardedProto: String?
    /// Set by `RequestIDMiddleware`; empty without it.
    package var requestID: String = ""
    /// Values middleware hands down (the signed-in user, the session).
    package var storage = RequestStorage()

    let core: RequestCore

    init(http: HTTPRequest, path: Substring, method: KnownMethod, resolution: RouteResolution, remoteAddress: String) {
        self.core = RequestCore(http: http, path: path, method: method, resolution: resolution)
        self.remoteAddress = remoteAddress
        self.peerAddress = remoteAddress
    }

    /// A request that matched no route, for exercising middleware on its own.
    package init(http: HTTPRequest, remoteAddress: String = "127.0.0.1") {
        self.init(
            http: http, path: RequestPath.path(of: http.head), method: KnownMethod(http.head.method),
            resolution: .notFound(RouteGroup.detached),
            remoteAddress: remoteAddress)
    }

    package var http: HTTPRequest { core.http }
    package var head: HTTPRequestHead { core.http.head }
    package var method: HTTPMethod { core.http.head.method }
    package var headers: HTTPHeaders { core.http.head.headers }
    package var body: [UInt8] { core.http.body }
    /// The path as sent, still percent-encoded and without the query: what logs show.
    package var path: Substring { core.path }
    /// The route that matched, or nil for 404, 405 and 400 from routing.
    package var route: Route? { core.resolution.route }

    /// The surface answering: the route's group, or the group whose prefix an unmatched path falls under.
    package var group: RouteGroup { core.resolution.group }

    /// What the route pattern's `:name` and `*name` segments captured.
    package var parameters: Parameters {
        if case .matched(_, let parameters) = core.resolution { return parameters }
        return Parameters()
    }

    /// The query string's fields, parsed on first use; a malformed query is a 400.
    package var query: FormData {
        get throws(HTTPError) {
            try core.query {
                guard let query = core.http.head.query else { return .success(FormData()) }
                return Result { () throws(HTTPError) in
                    try FormData.parse(query.utf8, tooManyFieldsStatus: .badRequest)
                }
            }.get()
        }
    }

    /// The cookies sent, parsed on first use; none at all on a machine surface, whatever the client sent.
    package var cookies: Cookies {
        guard group.acceptsCookies else { return Cookies() }
        return core.cookies { Cookies(headers: core.http.head.headers) }
    }

    /// The fields of an `application/x-www-form-urlencoded` body, or the ordinary (non-file) fields of a
    /// `multipart/form-data` one; any other content type is a 415.
    ///
    /// Both shapes answer here so that middleware reading one field (the CSRF token) works for forms with
    /// a file input too; handlers that want the files ask `multipartForm()`.
    package func form(maxFields: Int = FormData.defaultMaxFields) throws(HTTPError) -> FormData {
        let contentType = headers["Content-Type"] ?? ""
        if MediaType.matches(contentType, "multipart/form-data") {
            return try multipartForm().fields()
        }
        guard MediaType.matches(contentType, "application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, "The form must be sent as application/x-www-form-urlencoded.")
        }
        return try FormData.parse(core.http.body, maxFields: maxFields)
    }

    /// Every part of a `multipart/form-data` body, files included; any other content type is a 415.
    package func multipartForm(limits: MultipartForm.Limits = MultipartForm.Limits()) throws(HTTPError) -> MultipartForm {
        let boundary = try MultipartForm.boundary(fromContentType: headers["Content-Type"] ?? "")
        return try MultipartForm.parse(core.http.body, boundary: boundary, limits: limits)
    }
}
