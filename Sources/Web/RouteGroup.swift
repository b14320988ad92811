/// Routes that share a path prefix, middleware, an error format and a body limit: one surface of the
/// application (browser pages, admin pages, each machine protocol), in the manner of Hummingbird's
/// `RouterGroup` and the per-surface handlers Miniflux mounts.
///
/// A group's middleware is its rule: the admin group's `RequireAdmin` runs before every admin handler, so a
/// new admin route cannot forget the check. Requests that match no route still belong to the group whose
/// prefix they fall under, so a SCIM client's 404 is SCIM JSON and a browser's is the HTML page.
package final class RouteGroup: Sendable {
    /// How a group behaves; nested groups inherit what they leave unset.
    package struct Settings: Sendable {
        /// Shown in route listings and tests: `browser`, `admin`, `scim`.
        package var name: String
        /// Runs after the application's common middleware and the enclosing groups' own, outermost first.
        package var middleware: [any Middleware]
        /// The group's error format; nil uses the enclosing group's, and at the top the application's page.
        package var renderError: ErrorMiddleware.Renderer?
        /// The largest body a request to the group may carry unless a route allows more; nil inherits.
        package var maxBodySize: Int?
        /// False for machine surfaces: `Request.cookies` is empty there, so no handler can be authenticated
        /// by a browser's cookie, whatever the client sends.
        package var acceptsCookies: Bool?

        package init(
            name: String, middleware: [any Middleware] = [], renderError: ErrorMiddleware.Renderer? = nil,
            maxBodySize: Int? = nil, acceptsCookies: Bool? = nil
        ) {
            self.name = name
            self.middleware = middleware
            self.renderError = renderError
            self.maxBodySize = maxBodySize
            self.acceptsCookies = acceptsCookies
        }
    }

    package let name: String
    /// The full prefix, without a trailing `/`; empty for groups at the root.
    package let prefix: String
    /// Every middleware the group runs, the enclosing groups' first.
    package let middleware: [any Middleware]
    package let renderError: ErrorMiddleware.Renderer?
    package let maxBodySize: Int?
    package let acceptsCookies: Bool
    package let parent: RouteGroup?
    /// Position in the router's list of groups: the application keeps one ready-made chain per group.
    let index: Int

    init(prefix: String, settings: Settings, parent: RouteGroup?, index: Int) {
        precondition(prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/")), "Group prefix \(prefix) must be empty or /path")
        self.name = settings.name
        self.prefix = prefix
        self.middleware = (parent?.middleware ?? []) + settings.middleware
        self.renderError = settings.renderError ?? parent?.renderError
        self.maxBodySize = settings.maxBodySize ?? parent?.maxBodySize
        self.acceptsCookies = settings.acceptsCookies ?? parent?.acceptsCookies ?? true
        self.parent = parent
        self.index = index
    }

    /// The group of a request built outside any router (tests of middleware on its own).
    static let detached = RouteGroup(prefix: "", settings: Settings(name: "detached"), parent: nil, index: 0)

    /// Whether `path` (raw, as sent) lies under the prefix: equal to it or below it at a segment boundary.
    func contains(_ path: Substring) -> Bool {
        guard path.utf8.starts(with: prefix.utf8) else { return false }
        let rest = path.utf8.dropFirst(prefix.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    /// Whether this group is `other` or lies inside it.
    package func isWithin(_ other: RouteGroup) -> Bool {
        var group: RouteGroup? = self
        while let current = group {
            if current === other { return true }
            group = current.parent
        }
        return false
    }
}
