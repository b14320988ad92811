import JSON
import SCIM
import Web

/// A list or search request's parameters (RFC 7644 §3.4.2): from the query string of `GET /Users`, or
/// from the body of `POST /Users/.search` (§3.4.3), which carries the same names.
struct SCIMListQuery {
    /// The most resources one page returns, as `ServiceProviderConfig` says (`filter.maxResults`).
    static let maximumCount = 200

    var filter: SCIMFilter?
    /// 1-based, as SCIM counts.
    var startIndex = 1
    var count = maximumCount
    var sortBy: SCIMAttributePath?
    var descending = false
    var projection = SCIMProjection.everything

    init(query: FormData) throws(SCIMRequestError) {
        try self.init(
            filter: query["filter"], startIndex: query["startIndex"], count: query["count"], sortBy: query["sortBy"],
            sortOrder: query["sortOrder"], attributes: query["attributes"], excludedAttributes: query["excludedAttributes"])
    }

    init(searchBody body: JSONNode) throws(SCIMRequestError) {
        guard case .object(let fields) = body else { throw .invalidSyntax("a search request is a JSON object") }
        func text(_ name: String) throws(SCIMRequestError) -> String? {
            switch fields[name] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case .number(let value)?: return String(Int(value))
            case .array(let items)?:
                var names: [String] = []
                for item in items {
                    guard case .string(let value) = item else { throw .invalidValue("\(name) must be a list of attribute names") }
                    names.append(value)
                }
                return names.joined(separator: ",")
            default: throw .invalidValue("\(name) has the wrong type")
            }
        }
        try self.init(
            filter: text("filter"), startIndex: text("startIndex"), count: text("count"), sortBy: text("sortBy"),
            sortOrder: text("sortOrder"), attributes: text("attributes"), excludedAttributes: text("excludedAttributes"))
    }

    private init(
        filter: String?, startIndex: String?, count: String?, sortBy: String?, sortOrder: String?, attributes: String?,
        excludedAttributes: String?
    ) throws(SCIMRequestError) {
        if let filter, !filter.isEmpty {
            do {
                self.filter = try SCIMFilter.parse(filter)
            } catch {
                throw .invalidFilter("\(error)")
            }
        }
        // §3.4.2.4: a startIndex below 1 counts as 1, a negative count as 0.
        if let startIndex {
            guard let value = Int(startIndex) else { throw .invalidValue("startIndex must be a whole number") }
            self.startIndex = max(1, value)
        }
        if let count {
            guard let value = Int(count) else { throw .invalidValue("count must be a whole number") }
            self.count = min(max(0, value), Self.maximumCount)
        }
        if let sortBy, !sortBy.isEmpty {
            guard let path = try? SCIMPatchPath.parse(sortBy), path.filter == nil else {
                throw .invalidValue("sortBy \"\(sortBy)\" is not an attribute name")
            }
            self.sortBy = SCIMAttributePath(
                schema: path.attribute.schema, name: path.attribute.name, subAttribute: path.attribute.subAttribute ?? path.subAttribute)
        }
        switch sortOrder?.lowercased() {
        case nil, "", "ascending": descending = false
        case "descending": descending = true
        default: throw .invalidValue("sortOrder must be ascending or descending")
        }
        projection = try SCIMProjection(attributes: attributes, excludedAttributes: excludedAttributes)
    }
}
