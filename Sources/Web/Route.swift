import HTTPServer
import Synchronization

/// What a route runs for a request.
package typealias RouteHandler = @Sendable (Request) throws -> HTTPResponse

/// One entry of a route table: method, pattern, options and handler.
///
/// A class so that carrying the matched route through the request costs one retain.
package final class Route: Sendable {
    package let method: HTTPMethod
    /// The pattern as registered (`/admin/users/:id`): what logs and metrics show instead of the path.
    package let pattern: String
    /// Unique within the process, so metrics can key by an integer rather than hash the pattern per request.
    package let id: Int
    /// The group it was added to, whose middleware and error format apply.
    package let group: RouteGroup
    package let options: RouteOptions
    package let handler: RouteHandler

    init(method: HTTPMethod, pattern: String, group: RouteGroup, options: RouteOptions, handler: @escaping RouteHandler) {
        self.method = method
        self.pattern = pattern
        self.group = group
        self.id = nextRouteID.add(1, ordering: .relaxed).oldValue
        self.options = options
        self.handler = handler
    }
}

private let nextRouteID = Atomic<Int>(0)
