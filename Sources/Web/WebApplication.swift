import HTTPServer

/// The responder the server core calls: routes the request, then runs the middleware chain and the handler.
///
/// Routing comes first because its answer decides where the chain runs. Routes marked `offloaded` do
/// blocking work, so their whole chain (middleware included, since a session lookup may also touch
/// SQLite) runs on the worker pool through `context.offload`; every other request is answered inline on
/// the event loop. Requests that match nothing still run the chain, so 404s are logged and counted.
package final class WebApplication: HTTPResponder {
    private typealias Step = @Sendable (Request) -> HTTPResponse

    private let router: Router
    /// The middleware and the handler, as one function that always answers.
    private let chain: Step

    /// - Parameters:
    ///   - middleware: outermost first, e.g. request id, access log, metrics, security headers, session.
    ///   - log: where unhandled errors are reported.
    ///   - renderError: the application's error page; it gets every error that knows its status.
    package init(
        router: Router, middleware: [any Middleware] = [], log: AccessLog = .standardError,
        renderError: @escaping ErrorMiddleware.Renderer = ErrorMiddleware.plainText
    ) {
        self.router = router
        let errors = ErrorMiddleware(log: log, renderError: renderError)
        chain = Self.chain(middleware, errors: errors)
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
        return router.resolve(method: head.method, path: RequestPath.path(of: head)).route?.options.maxBodySize ?? defaultLimit
    }

    package func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        let path = RequestPath.path(of: request.head)
        let method = KnownMethod(request.head.method)
        let resolution = router.resolve(method, request.head.method, path: path)
        let webRequest = Request(
            http: request, path: path, method: method, resolution: resolution, remoteAddress: context.remoteAddress)
        if let route = resolution.route, route.options.isOffloaded {
            return context.offload { [chain] in chain(webRequest) }
        }
        return .response(chain(webRequest))
    }

    private static func dispatch(_ request: Request) throws -> HTTPResponse {
        switch request.core.resolution {
        case .matched(let route, _):
            return try route.handler(request)
        case .notFound:
            throw HTTPError(.notFound, "There is nothing at this address.")
        case .methodNotAllowed(let allow):
            throw HTTPError(.methodNotAllowed, headers: ["Allow": allow])
        case .options(let allow):
            return HTTPResponse(status: .noContent, headers: ["Allow": allow])
        case .badRequest(let reason):
            throw HTTPError(.badRequest, reason)
        }
    }
}
