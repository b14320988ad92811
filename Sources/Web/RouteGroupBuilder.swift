import HTTPServer

/// Adds routes to one group while its `register` closure runs; routes land in the one route table.
package struct RouteGroupBuilder: RouteRegistrar {
    /// Moved in for the closure and back out after it, so the table is never copied.
    var router: Router
    package let group: RouteGroup

    package mutating func on(_ method: HTTPMethod, _ pattern: String, options: RouteOptions, _ handler: @escaping RouteHandler) {
        router.add(method, Router.join(group.prefix, pattern), group: group, options: options, handler)
    }

    package mutating func group(_ prefix: String, _ settings: RouteGroup.Settings, _ register: (inout RouteGroupBuilder) -> Void) {
        router.addGroup(Router.join(group.prefix, prefix), settings, parent: group, register)
    }
}
