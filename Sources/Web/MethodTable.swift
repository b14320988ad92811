import HTTPServer

/// The routes registered for one path shape, by method.
struct MethodTable: Sendable {
    private(set) var routes: [Route] = []

    mutating func add(_ route: Route) {
        precondition(!routes.contains { $0.method == route.method }, "Route \(route.method) \(route.pattern) is registered twice")
        routes.append(route)
    }

    /// The route for `method`; `HEAD` falls back to `GET` (RFC 9110 §9.3.2: same headers, no content).
    func route(for method: HTTPMethod) -> Route? {
        for route in routes where route.method == method { return route }
        if method == .head {
            for route in routes where route.method == .get { return route }
        }
        return nil
    }

    /// The `Allow` value for the union of `tables`: sorted, `HEAD` whenever `GET`, and `OPTIONS`, which the
    /// router always answers.
    static func allowHeader(for tables: [MethodTable]) -> String {
        var methods: Set<String> = ["OPTIONS"]
        for table in tables {
            for route in table.routes {
                methods.insert(route.method.rawValue)
                if route.method == .get { methods.insert("HEAD") }
            }
        }
        return methods.sorted().joined(separator: ", ")
    }
}
