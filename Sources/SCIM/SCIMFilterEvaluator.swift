import JSON

/// Decides whether a resource, in its SCIM JSON form, matches a filter (RFC 7644 §3.4.2.2).
///
/// The rules the RFC gives: attribute names are case-insensitive; string comparisons honour the
/// attribute's `caseExact` (which the caller knows from the schema); a comparison with a multi-valued
/// attribute matches when any value does, and for multi-valued complex attributes the comparison is with
/// their `value` sub-attribute; `pr` needs a value that is not null, empty or an empty list; `gt`/`ge`/`lt`/
/// `le` order strings (dates are ISO 8601 text, which orders by time) and numbers, and never booleans.
/// Whether a SQL query can answer the same filter through an index is the store's concern; this is the
/// reference, and what filters on attributes without a column go through.
package struct SCIMFilterEvaluator: Sendable {
    /// Whether string values of the attribute (its lowercased `key`, e.g. `emails.value`) compare case-exactly.
    private let isCaseExact: @Sendable (String) -> Bool

    package init(caseExact: @escaping @Sendable (String) -> Bool) {
        isCaseExact = caseExact
    }

    package func matches(_ filter: SCIMFilter, _ resource: JSONNode) -> Bool {
        switch filter {
        case .and(let left, let right): matches(left, resource) && matches(right, resource)
        case .or(let left, let right): matches(left, resource) || matches(right, resource)
        case .not(let inner): !matches(inner, resource)
        case .present(let path): values(of: path, in: resource).contains { Self.isPresent($0) }
        case .compare(let path, let comparison, let value):
            compare(values(of: path, in: resource), comparison, value, caseExact: isCaseExact(path.key))
        case .valuePath(let path, let inner):
            elements(of: SCIMAttributePath(schema: path.schema, name: path.name), in: resource).contains { element in
                SCIMFilterEvaluator(caseExact: { [isCaseExact] key in isCaseExact(path.name.lowercased() + "." + key) }).matches(
                    inner, element)
            }
        }
    }

    // MARK: Values

    /// The values `path` names in `resource`: the attribute's, or each element's sub-attribute for a list;
    /// a comparison with a list of complex values compares their `value`.
    private func values(of path: SCIMAttributePath, in resource: JSONNode) -> [JSONNode] {
        let attribute = elements(of: SCIMAttributePath(schema: path.schema, name: path.name), in: resource)
        guard let sub = path.subAttribute else {
            return attribute.flatMap { element -> [JSONNode] in
                if case .object = element, let value = Self.member(element, "value") { return [value] }
                return [element]
            }
        }
        return attribute.compactMap { Self.member($0, sub) }
    }

    /// The attribute's value, or each of its values when it is a list; looked up case-insensitively, and
    /// inside its schema's extension object when the path names an extension schema.
    private func elements(of path: SCIMAttributePath, in resource: JSONNode) -> [JSONNode] {
        var container = resource
        if let schema = path.schema, let extensionObject = Self.member(resource, schema) { container = extensionObject }
        guard let value = Self.member(container, path.name) else { return [] }
        if case .array(let items) = value { return items }
        return [value]
    }

    private static func member(_ node: JSONNode, _ name: String) -> JSONNode? {
        guard case .object(let members) = node else { return nil }
        if let exact = members[name] { return exact }
        let lowered = name.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }

    private static func isPresent(_ value: JSONNode) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        default: true
        }
    }

    // MARK: Comparisons

    private func compare(_ values: [JSONNode], _ comparison: SCIMComparison, _ wanted: SCIMFilterValue, caseExact: Bool) -> Bool {
        // `eq null` and `ne null` ask about presence (RFC 7644 §3.4.2.2: "null" matches unassigned attributes).
        if case .null = wanted {
            let present = values.contains { Self.isPresent($0) }
            switch comparison {
            case .equal: return !present
            case .notEqual: return present
            default: return false
            }
        }
        if comparison == .notEqual {
            return !values.contains { Self.compareOne($0, .equal, wanted, caseExact: caseExact) }
        }
        return values.contains { Self.compareOne($0, comparison, wanted, caseExact: caseExact) }
    }

    private static func compareOne(_ value: JSONNode, _ comparison: SCIMComparison, _ wanted: SCIMFilterValue, caseExact: Bool) -> Bool {
        switch (value, wanted) {
        case (.string(let text), .string(let other)):
            let (left, right) = caseExact ? (text, other) : (text.lowercased(), other.lowercased())
            switch comparison {
            case .equal: return left == right
            case .notEqual: return left != right
            case .contains: return left.contains(right)
            case .startsWith: return left.hasPrefix(right)
            case .endsWith: return left.hasSuffix(right)
            case .greaterThan: return left > right
            case .greaterThanOrEqual: return left >= right
            case .lessThan: return left < right
            case .lessThanOrEqual: return left <= right
            }
        case (.number(let number), .number(let other)):
            switch comparison {
            case .equal: return number == other
            case .notEqual: return number != other
            case .greaterThan: return number > other
            case .greaterThanOrEqual: return number >= other
            case .lessThan: return number < other
            case .lessThanOrEqual: return number <= other
            case .contains, .startsWith, .endsWith: return false
            }
        case (.bool(let flag), .bool(let other)):
            switch comparison {
            case .equal: return flag == other
            case .notEqual: return flag != other
            default: return false
            }
        // Entra writes booleans as the strings "True" and "False"; compare them as booleans.
        case (.bool(let flag), .string(let text)) where ["true", "false"].contains(text.lowercased()):
            return compareOne(.bool(flag), comparison, .bool(text.lowercased() == "true"), caseExact: caseExact)
        default:
            return false
        }
    }
}
