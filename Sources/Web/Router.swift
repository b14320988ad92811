import HTTPServer

/// The route table of a surface: every route in one place, matched without regular expressions.
///
/// Patterns are literal segments, `:name` for one non-empty segment, and a final `*name` for the rest of
/// the path (`/static/*path`), its decoded segments joined with `/`. An encoded `%2F` is therefore
/// indistinguishable from a separator in a wildcard value: look the value up, never join it onto a file
/// path. Routes whose pattern is all literal are also kept in a dictionary keyed by the raw path, so the
/// common request (`/healthz`, `/start`) costs one hash lookup.
package struct Router: Sendable, RouteRegistrar {
    package private(set) var routes: [Route] = []
    /// Every group, the root first; a group's `index` is its position here.
    package private(set) var groups: [RouteGroup]
    private var tables: [MethodTable] = []
    private var staticPaths: [PathKey: Int] = [:]
    private var trie = RouteTrie()

    /// - Parameter root: the settings of the routes added to the router itself (no middleware by default).
    package init(root: RouteGroup.Settings = RouteGroup.Settings(name: "root")) {
        groups = [RouteGroup(prefix: "", settings: root, parent: nil, index: 0)]
    }

    /// The group of the routes added to the router directly.
    package var root: RouteGroup { groups[0] }

    package mutating func on(
        _ method: HTTPMethod, _ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping RouteHandler
    ) {
        add(method, pattern, group: root, options: options, handler)
    }

    package mutating func group(_ prefix: String, _ settings: RouteGroup.Settings, _ register: (inout RouteGroupBuilder) -> Void) {
        addGroup(prefix, settings, parent: root, register)
    }

    mutating func addGroup(
        _ prefix: String, _ settings: RouteGroup.Settings, parent: RouteGroup, _ register: (inout RouteGroupBuilder) -> Void
    ) {
        let group = RouteGroup(prefix: prefix, settings: settings, parent: parent, index: groups.count)
        groups.append(group)
        var builder = RouteGroupBuilder(router: self, group: group)
        self = Router()
        register(&builder)
        self = builder.router
    }

    mutating func add(_ method: HTTPMethod, _ pattern: String, group: RouteGroup, options: RouteOptions, _ handler: @escaping RouteHandler)
    {
        let route = Route(method: method, pattern: pattern, group: group, options: options, handler: handler)
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

    /// `prefix` and a pattern relative to it as one pattern: `/admin` and `/users` give `/admin/users`, `""` the prefix.
    static func join(_ prefix: String, _ pattern: String) -> String {
        precondition(pattern.isEmpty || pattern.hasPrefix("/"), "Route pattern \(pattern) must be empty or start with /")
        let joined = prefix + pattern
        return joined.isEmpty ? "/" : joined
    }

    /// The group a path belongs to when no route matched it: the one with the longest prefix, and among
    /// groups with the same prefix the one added last (inner groups are added after the groups around them).
    func group(forUnmatched path: Substring) -> RouteGroup {
        var best = root
        for group in groups.dropFirst() where group.contains(path) && group.prefix.utf8.count >= best.prefix.utf8.count {
            best = group
        }
        return best
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
            return .badRequest(error.message, group(forUnmatched: path))
        }
        switch trie.match(segments, key, method, tables: tables) {
        case .route(let route, let parameters):
            return .matched(route, parameters)
        case .pathOnly(let matched) where matched.isEmpty:
            return .notFound(group(forUnmatched: path))
        case .pathOnly(let matched):
            let matchedTables = matched.map { tables[$0] }
            let allow = MethodTable.allowHeader(for: matchedTables)
            // The path has routes, only not for this method: they say which surface answers.
            let group = matchedTables.lazy.compactMap(\.anyRoute).first?.group ?? group(forUnmatched: path)
            return key == .options ? .options(allow: allow, group) : .methodNotAllowed(allow: allow, group)
        }
    }
}
