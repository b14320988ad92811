import HTTPServer

/// Anything routes are added to: the router itself (its root group) or one of its groups.
package protocol RouteRegistrar {
    /// Adds a route; `pattern` is relative to the group's prefix (`""` is the prefix itself).
    mutating func on(_ method: HTTPMethod, _ pattern: String, options: RouteOptions, _ handler: @escaping RouteHandler)

    /// Adds a group inside this one, under `prefix`, and lets `register` add its routes.
    mutating func group(_ prefix: String, _ settings: RouteGroup.Settings, _ register: (inout RouteGroupBuilder) -> Void)
}

extension RouteRegistrar {
    package mutating func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        on(method, pattern, options: RouteOptions(), handler)
    }

    package mutating func get(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler) {
        on(.get, pattern, options: options, handler)
    }

    package mutating func post(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler) {
        on(.post, pattern, options: options, handler)
    }

    package mutating func put(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler) {
        on(.put, pattern, options: options, handler)
    }

    package mutating func patch(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler) {
        on(.patch, pattern, options: options, handler)
    }

    package mutating func delete(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler) {
        on(.delete, pattern, options: options, handler)
    }
}
