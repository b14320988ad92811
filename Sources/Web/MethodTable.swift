import HTTPServer

/// The routes registered for one path shape, by method.
struct MethodTable: Sendable {
    /// Indexed by `KnownMethod.rawValue`; the `.other` slot is unused.
    private var standard: [Route?] = Array(repeating: nil, count: KnownMethod.allCases.count)
    /// Routes for non-standard methods, found by comparing names.
    private var others: [Route] = []

    mutating func add(_ route: Route) {
        let key = KnownMethod(route.method)
        let taken = key == .other ? others.contains { $0.method == route.method } : standard[key.rawValue] != nil
        precondition(!taken, "Route \(route.method) \(route.pattern) is registered twice")
        if key == .other { others.append(route) } else { standard[key.rawValue] = route }
    }

    /// The route for a method; `HEAD` falls back to `GET` (RFC 9110 §9.3.2: same headers, no content).
    func route(for key: KnownMethod, _ method: HTTPMethod) -> Route? {
        switch key {
        case .other: others.first { $0.method == method }
        case .head: standard[key.rawValue] ?? standard[KnownMethod.get.rawValue]
        default: standard[key.rawValue]
        }
    }

    /// One of the routes, to tell which group the path belongs to.
    var anyRoute: Route? { standard.lazy.compactMap { $0 }.first ?? others.first }

    /// The `Allow` value for the union of `tables`: sorted, `HEAD` whenever `GET`, and `OPTIONS`, which the
    /// router always answers.
    static func allowHeader(for tables: [MethodTable]) -> String {
        var methods: Set<String> = ["OPTIONS"]
        for table in tables {
            for route in table.standard.compactMap({ $0 }) + table.others {
                methods.insert(route.method.rawValue)
                if route.method == .get { methods.insert("HEAD") }
            }
        }
        return methods.sorted().joined(separator: ", ")
    }
}
