import HTTPServer

/// What the router decided for a method and path, before any middleware runs.
///
/// Routing happens first because its answer decides where the chain runs (inline or offloaded);
/// the non-matches are carried to the end of the chain so that logs and metrics still see them.
/// A non-match carries the group whose prefix the path falls under, which answers it in its own format.
enum RouteResolution: Sendable {
    case matched(Route, Parameters)
    case notFound(RouteGroup)
    case methodNotAllowed(allow: String, RouteGroup)
    /// An `OPTIONS` request for a path that has routes but no `OPTIONS` handler: answered 204 with `Allow`.
    case options(allow: String, RouteGroup)
    case badRequest(String, RouteGroup)

    var route: Route? {
        if case .matched(let route, _) = self { return route }
        return nil
    }

    /// The group that answers: the route's, or the one the unmatched path belongs to.
    var group: RouteGroup {
        switch self {
        case .matched(let route, _): route.group
        case .notFound(let group), .methodNotAllowed(_, let group), .options(_, let group), .badRequest(_, let group): group
        }
    }
}
