import HTTPServer

/// The route table of a surface: every route in one place, matched without regular expressions.
///
/// Patterns are literal segments, `:name` for one non-empty segment, and a final `*name` for the rest of
/// the path (`/static/*path`), its decoded segments joined with `/`. An encoded `%2F` is therefore
/// indistinguishable from a separator in a wildcard value: look the value up, never join it onto a file
/// path. Routes whose pattern is all literal are also kept in a dictionary keyed by the raw path, so the
/// common request (`/healthz`, `/start`) costs one hash lookup.
package struct Router: Sendable {
    package private(set) var routes: [Route] = []
    private var tables: [MethodTable] = []
    private var staticPaths: [PathKey: Int] = [:]
    private var trie = RouteTrie()

    package init() {}

    package mutating func on(
        _ method: HTTPMethod, _ pattern: String, options: RouteOptions = RouteOptions(),
        _ handler: @escaping RouteHandler
    ) {
        let route = Route(method: method, pattern: pattern, options: options, handler: handler)
        let segments = RouteTrie.parse(pattern)
        let table = trie.tableIndex(for: segments, pattern: pattern) {
            tables.append(MethodTable())
            return tables.count - 1
        }
        tables[table].add(route)
        if segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            staticPaths[PathKey(pattern[...])] = table
        }
        routes.append(route)
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

    /// Finds the route for a method and a raw (still percent-encoded) path.
    func resolve(method: HTTPMethod, path: Substring) -> RouteResolution {
        resolve(KnownMethod(method), method, path: path)
    }

    func resolve(_ key: KnownMethod, _ method: HTTPMethod, path: Substring) -> RouteResolution {
        let segments: [Substring]
        do {
            switch try RequestPath.check(path) {
            case .plain:
                if let table = staticPaths[PathKey(path)], let route = tables[table].route(for: key, method) {
                    return .matched(route, Parameters())
                }
                segments = RequestPath.rawSegments(path)
            case .escaped:
                segments = try RequestPath.decodedSegments(path)
            }
        } catch {
            return .badRequest(error.message)
        }
        switch trie.match(segments, key, method, tables: tables) {
        case .route(let route, let parameters):
            return .matched(route, parameters)
        case .pathOnly(let matched) where matched.isEmpty:
            return .notFound
        case .pathOnly(let matched):
            let allow = MethodTable.allowHeader(for: matched.map { tables[$0] })
            return key == .options ? .options(allow: allow) : .methodNotAllowed(allow: allow)
        }
    }
}
