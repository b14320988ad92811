import HTTPServer

/// The responder the server core calls: routes the request, then runs the middleware chain and the handler.
///
/// Routing comes first because its answer decides where the chain runs. Routes marked `offloaded` do
/// blocking work, so their whole chain (middleware included, since a session lookup may also touch
/// SQLite) runs on the worker pool through `context.offload`; every other request is answered inline on
/// the event loop. Requests that match nothing still run the chain, so 404s are logged and counted.
package final class WebApplication: HTTPResponder {
    private let router: Router
    private let middleware: [any Middleware]
    private let errors: ErrorMiddleware

    /// - Parameters:
    ///   - middleware: outermost first, e.g. request id, access log, metrics, security headers, session.
    ///   - log: where unhandled errors are reported.
    ///   - renderError: the application's error page; it gets every error that knows its status.
    package init(
        router: Router, middleware: [any Middleware] = [], log: AccessLog = .standardError,
        renderError: @escaping ErrorMiddleware.Renderer = ErrorMiddleware.plainText
    ) {
        self.router = router
        self.middleware = middleware
        self.errors = ErrorMiddleware(log: log, renderError: renderError)
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
            return context.offload { self.run(webRequest, from: 0) }
        }
        return .response(run(webRequest, from: 0))
    }

    /// Runs middleware `index` and everything inside it, turning a thrown error into a response at the
    /// level where it was thrown so that every middleware further out sees an ordinary response.
    private func run(_ request: Request, from index: Int) -> HTTPResponse {
        errors.handle(request) { request in
            guard index < middleware.count else { return try dispatch(request) }
            return try middleware[index].handle(request) { run($0, from: index + 1) }
        }
    }

    private func dispatch(_ request: Request) throws -> HTTPResponse {
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
