import HTTPServer

/// What the router decided for a method and path, before any middleware runs.
///
/// Routing happens first because its answer decides where the chain runs (inline or offloaded);
/// the non-matches are carried to the end of the chain so that logs and metrics still see them.
enum RouteResolution: Sendable {
    case matched(Route, Parameters)
    case notFound
    case methodNotAllowed(allow: String)
    /// An `OPTIONS` request for a path that has routes but no `OPTIONS` handler: answered 204 with `Allow`.
    case options(allow: String)
    case badRequest(String)

    var route: Route? {
        if case .matched(let route, _) = self { return route }
        return nil
    }
}
