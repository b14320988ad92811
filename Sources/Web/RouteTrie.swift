import HTTPServer

/// Patterns with `:parameter` and `*wildcard` segments, one node per segment.
///
/// Matching walks segments without regular expressions and tries, at each node, the literal child,
/// then the parameter, then the wildcard, backtracking when a branch dead-ends: the most literal route
/// wins, and a path matches whenever any pattern does.
struct RouteTrie: Sendable {
    enum PatternSegment: Equatable {
        case literal(Substring)
        case parameter(String)
        case wildcard(String)
    }

    private struct Node: Sendable {
        var literals: [PathKey: Int] = [:]
        var parameter: (name: String, child: Int)?
        /// Matches one or more remaining segments, joined with `/`.
        var wildcard: (name: String, table: Int)?
        var table: Int?
    }

    /// A route found for the method, or the tables of every pattern that matched the path (for 405).
    enum Match {
        case route(Route, Parameters)
        case pathOnly(tables: [Int])
    }

    private var nodes: [Node] = [Node()]

    /// Splits a pattern into segments, rejecting shapes the matcher cannot honour.
    static func parse(_ pattern: String) -> [PatternSegment] {
        precondition(pattern.hasPrefix("/"), "Route pattern \(pattern) must start with /")
        let raw = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return raw.enumerated().map { index, segment in
            switch segment.first {
            case ":":
                precondition(segment.count > 1, "Route pattern \(pattern) has a parameter without a name")
                return .parameter(String(segment.dropFirst()))
            case "*":
                precondition(segment.count > 1, "Route pattern \(pattern) has a wildcard without a name")
                precondition(index == raw.count - 1, "Route pattern \(pattern) has a wildcard before its last segment")
                return .wildcard(String(segment.dropFirst()))
            default:
                precondition(!segment.contains("%"), "Route pattern \(pattern) must spell literal segments decoded, without %")
                return .literal(segment)
            }
        }
    }

    /// The method table index at the end of `segments`, created with `makeTable` when the shape is new.
    mutating func tableIndex(for segments: [PatternSegment], pattern: String, makeTable: () -> Int) -> Int {
        var node = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                if let child = nodes[node].literals[PathKey(text)] {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].literals[PathKey(text)] = nodes.count - 1
                    node = nodes.count - 1
                }
            case .parameter(let name):
                if let existing = nodes[node].parameter {
                    precondition(
                        existing.name == name,
                        "Route pattern \(pattern) names parameter :\(name) where another route has :\(existing.name)")
                    node = existing.child
                } else {
                    nodes.append(Node())
                    nodes[node].parameter = (name, nodes.count - 1)
                    node = nodes.count - 1
                }
            case .wildcard(let name):
                if let existing = nodes[node].wildcard {
                    precondition(
                        existing.name == name,
                        "Route pattern \(pattern) names wildcard *\(name) where another route has *\(existing.name)")
                    return existing.table
                }
                let table = makeTable()
                nodes[node].wildcard = (name, table)
                return table
            }
        }
        if let table = nodes[node].table { return table }
        let table = makeTable()
        nodes[node].table = table
        return table
    }

    func match(_ segments: [Substring], _ key: KnownMethod, _ method: HTTPMethod, tables: [MethodTable]) -> Match {
        var captured: [(name: String, value: Substring)] = []
        var pathMatches: [Int] = []
        if let (route, wildcard) = search(
            node: 0, index: 0, segments: segments, key: key, method: method, tables: tables, captured: &captured,
            pathMatches: &pathMatches
        ) {
            var parameters = captured.map { (name: $0.name, value: String($0.value)) }
            if let wildcard { parameters.append(wildcard) }
            return .route(route, Parameters(parameters))
        }
        return .pathOnly(tables: pathMatches)
    }

    private func search(
        node: Int, index: Int, segments: [Substring], key: KnownMethod, method: HTTPMethod, tables: [MethodTable],
        captured: inout [(name: String, value: Substring)], pathMatches: inout [Int]
    ) -> (Route, wildcard: Parameters.Field?)? {
        guard index < segments.count else {
            guard let table = nodes[node].table else { return nil }
            if let route = tables[table].route(for: key, method) { return (route, nil) }
            pathMatches.append(table)
            return nil
        }
        let segment = segments[index]
        if let child = nodes[node].literals[PathKey(segment)],
            let found = search(
                node: child, index: index + 1, segments: segments, key: key, method: method, tables: tables, captured: &captured,
                pathMatches: &pathMatches)
        {
            return found
        }
        if let parameter = nodes[node].parameter, !segment.isEmpty {
            captured.append((parameter.name, segment))
            if let found = search(
                node: parameter.child, index: index + 1, segments: segments, key: key, method: method, tables: tables,
                captured: &captured, pathMatches: &pathMatches)
            {
                return found
            }
            captured.removeLast()
        }
        if let wildcard = nodes[node].wildcard {
            guard let route = tables[wildcard.table].route(for: key, method) else {
                pathMatches.append(wildcard.table)
                return nil
            }
            return (route, (wildcard.name, segments[index...].joined(separator: "/")))
        }
        return nil
    }
}
