extension RouteGroup.Settings {
    /// The largest JSON body a machine surface takes unless it says otherwise.
    package static let machineBodyLimit = 256 * 1024

    /// A surface for programs rather than people, whose requests carry a bearer token: see the other `machine`.
    package static func machine(
        name: String, authenticator: some BearerAuthenticator, middleware: [any Middleware] = [],
        renderError: @escaping ErrorMiddleware.Renderer, maxBodySize: Int = machineBodyLimit
    ) -> RouteGroup.Settings {
        machine(
            name: name, middleware: [RequireBearerToken(authenticator)] + middleware, renderError: renderError, maxBodySize: maxBodySize)
    }

    /// A surface for programs rather than people: no session, no CSRF form field, no cookies at all, bodies
    /// up to `maxBodySize`, and every error (404, 405 and 413 included) in the surface's own format. Routes
    /// that need a token use the other `machine`, or add their own check where the protocol wants none
    /// (an OAuth client registering itself).
    package static func machine(
        name: String, middleware: [any Middleware] = [], renderError: @escaping ErrorMiddleware.Renderer,
        maxBodySize: Int = machineBodyLimit
    ) -> RouteGroup.Settings {
        RouteGroup.Settings(name: name, middleware: middleware, renderError: renderError, maxBodySize: maxBodySize, acceptsCookies: false)
    }
}
