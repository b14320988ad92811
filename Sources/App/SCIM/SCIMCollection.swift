import JSON
import SCIM
import SQLite
import Storage

/// How `/Users` and `/Groups` are listed and filtered: one listing for both, told by its `Source` how
/// to read and render the kind of item it lists.
///
/// A filter that pins an indexed attribute (`userName`, `externalId`, `displayName`, `id` compared with
/// `eq`, possibly inside `and`, or in every branch of an `or`) reads only the matching rows through the
/// index; the whole filter is then checked by `SCIMFilterEvaluator`, so the index only narrows and never
/// decides. Other filters read every row. Without a filter a page is one indexed query.
struct SCIMCollection<Item: Sendable> {
    typealias Revisioned = SCIMDirectoryStore.Revisioned<Item>

    struct Source {
        var schema: SCIMResourceSchema
        /// Lowercased attribute names with an index behind them.
        var columns: [String: SCIMDirectoryStore.Column]
        var find: (SCIMDirectoryStore, SCIMDirectoryStore.Column, String) throws -> [Revisioned]
        var page: (SCIMDirectoryStore, SCIMDirectoryStore.Column?, Bool, Int, Int) throws -> [Revisioned]
        var count: (SCIMDirectoryStore) throws -> Int
        var id: (Item) -> String
        /// The resource; `complete` adds the costly list (a user's groups, a group's members).
        var render: (SCIMDirectoryStore, Revisioned, _ complete: Bool) throws -> [String: JSONNode]
        /// The name of the costly list: `groups` or `members`.
        var costlyAttribute: String
    }

    let source: Source

    /// The page the query asks for and how many resources match in all.
    func list(_ query: SCIMListQuery, store: SCIMDirectoryStore) throws -> (total: Int, resources: [JSONNode]) {
        let complete = query.projection.wants(source.costlyAttribute, schema: source.schema)
        let sortColumn = query.sortBy.flatMap { path in path.subAttribute == nil ? source.columns[path.name.lowercased()] : nil }
        if query.filter == nil, query.sortBy == nil || sortColumn != nil {
            let items = try source.page(store, sortColumn, query.descending, query.count, query.startIndex - 1)
            let resources = try items.map { item in
                JSONNode.object(query.projection.apply(try source.render(store, item, complete), schema: source.schema))
            }
            return (try source.count(store), resources)
        }
        let filter = query.filter
        let filterNeedsList = filter.map { Self.mentions($0, source.costlyAttribute) } ?? false
        let candidates = try filter.flatMap { try indexed($0, store: store) } ?? source.page(store, nil, false, Int(Int32.max), 0)
        let evaluator = source.schema.evaluator
        var matches: [(item: Revisioned, json: [String: JSONNode])] = []
        for candidate in candidates {
            let json = try source.render(store, candidate, filterNeedsList)
            if let filter, !evaluator.matches(filter, .object(json)) { continue }
            matches.append((candidate, json))
        }
        if let sortBy = query.sortBy {
            let caseExact = source.schema.isCaseExact(sortBy.key)
            let keyed = matches.map { (match: $0, key: Self.sortKey($0.json, sortBy, caseExact: caseExact)) }
            // Resources without a value sort last either way (RFC 7644 §3.4.2.3).
            matches = keyed.sorted { left, right in
                switch (left.key, right.key) {
                case (nil, nil): return false
                case (nil, _): return false
                case (_, nil): return true
                case (let a?, let b?): return query.descending ? a > b : a < b
                }
            }.map(\.match)
        }
        let page = matches.dropFirst(query.startIndex - 1).prefix(query.count)
        let resources = try page.map { match in
            let json = complete && !filterNeedsList ? try source.render(store, match.item, true) : match.json
            return JSONNode.object(query.projection.apply(json, schema: source.schema))
        }
        return (matches.count, resources)
    }

    /// The rows an index finds for `filter`, or nil when no index can narrow it.
    private func indexed(_ filter: SCIMFilter, store: SCIMDirectoryStore) throws -> [Revisioned]? {
        switch filter {
        case .compare(let path, .equal, .string(let value)):
            guard path.subAttribute == nil, path.schema == nil || path.schema?.lowercased() == source.schema.core.id.lowercased(),
                let column = source.columns[path.name.lowercased()]
            else { return nil }
            return try source.find(store, column, value)
        case .and(let left, let right):
            return try indexed(left, store: store) ?? indexed(right, store: store)
        case .or(let left, let right):
            guard let first = try indexed(left, store: store), let second = try indexed(right, store: store) else { return nil }
            let seen = Set(first.map { source.id($0.item) })
            return first + second.filter { !seen.contains(source.id($0.item)) }
        default:
            return nil
        }
    }

    /// Whether the filter reads the attribute `name` anywhere.
    private static func mentions(_ filter: SCIMFilter, _ name: String) -> Bool {
        switch filter {
        case .compare(let path, _, _), .present(let path): path.name.lowercased() == name
        case .valuePath(let path, _): path.name.lowercased() == name
        case .and(let left, let right), .or(let left, let right): mentions(left, name) || mentions(right, name)
        case .not(let inner): mentions(inner, name)
        }
    }

    /// What a resource sorts by: numbers by value, before text, which sorts as its attribute compares.
    enum SortKey: Comparable {
        case number(Double)
        case text(String)
    }

    /// The attribute's value (the primary or first one of a list) as a sort key.
    private static func sortKey(_ resource: [String: JSONNode], _ path: SCIMAttributePath, caseExact: Bool) -> SortKey? {
        var container = resource
        if let schema = path.schema, case .object(let inner)? = resource.first(where: { $0.key.lowercased() == schema.lowercased() })?.value
        {
            container = inner
        }
        guard var value = container.first(where: { $0.key.lowercased() == path.name.lowercased() })?.value else { return nil }
        if case .array(let items) = value {
            guard
                let chosen = items.first(where: { item in
                    if case .object(let fields) = item { return fields["primary"] == .bool(true) }
                    return false
                }) ?? items.first
            else { return nil }
            value = chosen
        }
        if case .object(let fields) = value {
            guard let inner = fields.first(where: { $0.key.lowercased() == (path.subAttribute ?? "value").lowercased() })?.value else {
                return nil
            }
            value = inner
        }
        switch value {
        case .string(let string): return .text(caseExact ? string : string.lowercased())
        case .number(let number): return .number(number)
        case .bool(let flag): return .text(flag ? "true" : "false")
        default: return nil
        }
    }
}
