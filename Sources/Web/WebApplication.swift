import HTTPServer

/// The responder the server core calls: routes the request, then runs its group's middleware chain and
/// the handler.
///
/// Routing comes first because its answer decides where the chain runs and which chain it is. Each group
/// has one chain, built once at start: the application's common middleware (request id, access log,
/// metrics, security headers), then the group's own (session and CSRF for browser pages, a bearer-token
/// check for a machine surface), each layer inside an error boundary that renders in the group's format.
/// Routes marked `offloaded` do blocking work, so their whole chain (middleware included, since a session
/// lookup may also touch SQLite) runs on the worker pool through `context.offload`; every other request is
/// answered inline on the event loop. Requests that match nothing still run their group's chain, so 404s
/// are logged, counted and answered in the format of the surface they were aimed at.
package final class WebApplication: HTTPResponder {
    private typealias Step = @Sendable (Request) -> HTTPResponse

    private let router: Router
    /// One chain per group, by `RouteGroup.index`: the middleware and the handler as one function that always answers.
    private let chains: [Step]

    /// - Parameters:
    ///   - middleware: common to every group, outermost first, e.g. request id, access log, metrics, security headers.
    ///   - log: where unhandled errors are reported.
    ///   - renderError: the application's error page, for every group that has no format of its own.
    ///   - translateError: the status of errors from layers that know nothing of HTTP, such as storage outages.
    package init(
        router: Router, middleware: [any Middleware] = [], log: AccessLog = .standardError,
        renderError: @escaping ErrorMiddleware.Renderer = ErrorMiddleware.plainText,
        translateError: @escaping ErrorMiddleware.Translator = { _ in nil }
    ) {
        self.router = router
        chains = router.groups.map { group in
            Self.chain(
                middleware + group.middleware,
                errors: ErrorMiddleware(log: log, renderError: group.renderError ?? renderError, translate: translateError))
        }
    }

    /// Nests the middleware once, outermost first, each with its own error boundary around it, so a
    /// request walks a ready-made chain of closures instead of indexing an array of existentials at every
    /// level (which copies each middleware, retains included, on every request).
    private static func chain(_ middleware: [any Middleware], errors: ErrorMiddleware) -> Step {
        var step: Step = { request in errors.handle(request) { try dispatch($0) } }
        for layer in middleware.reversed() {
            let inner = step
            step = { request in errors.handle(request) { try layer.handle($0, next: inner) } }
        }
        return step
    }

    package func maxBodySize(for head: HTTPRequestHead, default defaultLimit: Int) -> Int {
        guard head.framing != .none else { return defaultLimit }
        let resolution = router.resolve(method: head.method, path: RequestPath.path(of: head))
        return resolution.route?.options.maxBodySize ?? resolution.group.maxBodySize ?? defaultLimit
    }

    /// A group with an error format of its own answers the core's refusals (a body over its limit) in that
    /// format; browser pages keep the core's plain text, since no session has been looked up yet.
    package func refusal(_ status: HTTPStatus, for head: HTTPRequestHead) -> HTTPResponse? {
        let path = RequestPath.path(of: head)
        let resolution = router.resolve(method: head.method, path: path)
        guard let renderError = resolution.group.renderError else { return nil }
        let request = Request(
            http: HTTPRequest(head: head, body: []), path: path, method: KnownMethod(head.method), resolution: resolution,
            remoteAddress: "")
        return renderError(HTTPError(status), request)
    }

    package func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        let path = RequestPath.path(of: request.head)
        let method = KnownMethod(request.head.method)
        let resolution = router.resolve(method, request.head.method, path: path)
        let webRequest = Request(
            http: request, path: path, method: method, resolution: resolution, remoteAddress: context.remoteAddress)
        let chain = chains[resolution.group.index]
        if let route = resolution.route, route.options.isOffloaded {
            return context.offload { chain(webRequest) }
        }
        return .response(chain(webRequest))
    }

    private static func dispatch(_ request: Request) throws -> HTTPResponse {
        switch request.core.resolution {
        case .matched(let route, _):
            return try route.handler(request)
        case .notFound:
            throw HTTPError(.notFound, "There is nothing at this address.")
        case .methodNotAllowed(let allow, _):
            throw HTTPError(.methodNotAllowed, headers: ["Allow": allow])
        case .options(let allow, _):
            return HTTPResponse(status: .noContent, headers: ["Allow": allow])
        case .badRequest(let reason, _):
            throw HTTPError(.badRequest, reason)
        }
    }
}
