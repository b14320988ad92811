import Domain
import JSON

/// Which attributes a response returns (RFC 7644 §3.4.2.5, §3.9): `attributes` names the ones wanted,
/// `excludedAttributes` the ones not wanted (Entra lists groups with `excludedAttributes=members`).
/// `id` and `schemas` are always returned; `meta` by default.
package struct SCIMProjection: Sendable {
    private let included: [SCIMAttributePath]?
    private let excluded: [SCIMAttributePath]

    /// Reads the two comma-separated lists; a name that is not an attribute path is an `invalidValue`.
    package init(attributes: String?, excludedAttributes: String?) throws(SCIMRequestError) {
        included = try attributes.map { text throws(SCIMRequestError) in try Self.paths(text) }
        excluded = try excludedAttributes.map { text throws(SCIMRequestError) in try Self.paths(text) } ?? []
    }

    /// Every attribute, as a response without either list returns.
    package static let everything = try! SCIMProjection(attributes: nil, excludedAttributes: nil)

    /// Whether the response needs `name` at all, so an endpoint can skip work for what is excluded
    /// (a group's members).
    package func wants(_ name: String, schema: SCIMResourceSchema) -> Bool {
        let key = name.lowercased()
        if let included {
            return included.contains { $0.name.lowercased() == key && schema.resolve($0)?.container == nil }
        }
        return !excluded.contains { $0.name.lowercased() == key && $0.subAttribute == nil && schema.resolve($0)?.container == nil }
    }

    package func apply(_ resource: [String: JSONNode], schema: SCIMResourceSchema) -> [String: JSONNode] {
        var result: [String: JSONNode] = [:]
        let always = ["id", "schemas"]
        if let included {
            for name in always { result[name] = resource[name] }
            for path in included {
                if path.subAttribute == nil, let owner = schema.extensionSchema(path.description) {
                    result[owner.id] = resource[owner.id]
                    continue
                }
                guard let resolved = schema.resolve(path) else { continue }
                copy(resolved, sub: path.subAttribute, from: resource, into: &result)
            }
            return result
        }
        result = resource
        for path in excluded {
            if path.subAttribute == nil, let owner = schema.extensionSchema(path.description) {
                result[owner.id] = nil
                continue
            }
            guard let resolved = schema.resolve(path), !always.contains(resolved.attribute.name) else { continue }
            remove(resolved, sub: path.subAttribute, from: &result)
        }
        return result
    }

    private func copy(
        _ resolved: SCIMResourceSchema.Resolved, sub: String?, from resource: [String: JSONNode], into result: inout [String: JSONNode]
    ) {
        let source =
            resolved.container.flatMap { id -> [String: JSONNode]? in
                if case .object(let members)? = resource[id] { return members }
                return nil
            } ?? (resolved.container == nil ? resource : [:])
        guard var value = source[resolved.attribute.name] else { return }
        if let sub, let subAttribute = resolved.attribute.subAttribute(sub) {
            value = Self.keeping(subAttribute.name, of: value, adding: Self.member(result, resolved, resolved.attribute.name))
        }
        if let container = resolved.container {
            var inner: [String: JSONNode] = [:]
            if case .object(let existing)? = result[container] { inner = existing }
            inner[resolved.attribute.name] = value
            result[container] = .object(inner)
        } else {
            result[resolved.attribute.name] = value
        }
    }

    private static func member(_ result: [String: JSONNode], _ resolved: SCIMResourceSchema.Resolved, _ name: String) -> JSONNode? {
        if let container = resolved.container {
            guard case .object(let inner)? = result[container] else { return nil }
            return inner[name]
        }
        return result[name]
    }

    /// Only `sub` of a complex value (of each value of a list), added to what an earlier path already kept.
    private static func keeping(_ sub: String, of value: JSONNode, adding earlier: JSONNode?) -> JSONNode {
        switch value {
        case .object(let fields):
            var kept: [String: JSONNode] = [:]
            if case .object(let before)? = earlier { kept = before }
            kept[sub] = fields[sub]
            return .object(kept)
        case .array(let items):
            var earlierItems: [JSONNode] = []
            if case .array(let before)? = earlier { earlierItems = before }
            return .array(
                items.enumerated().map { index, item in
                    keeping(sub, of: item, adding: index < earlierItems.count ? earlierItems[index] : nil)
                })
        default:
            return value
        }
    }

    private func remove(_ resolved: SCIMResourceSchema.Resolved, sub: String?, from result: inout [String: JSONNode]) {
        func strip(_ fields: inout [String: JSONNode]) {
            let name = resolved.attribute.name
            guard let sub, let subAttribute = resolved.attribute.subAttribute(sub) else {
                fields[name] = nil
                return
            }
            switch fields[name] {
            case .object(var inner)?:
                inner[subAttribute.name] = nil
                fields[name] = .object(inner)
            case .array(let items)?:
                fields[name] = .array(
                    items.map { item in
                        guard case .object(var inner) = item else { return item }
                        inner[subAttribute.name] = nil
                        return .object(inner)
                    })
            default:
                break
            }
        }
        if let container = resolved.container {
            guard case .object(var inner)? = result[container] else { return }
            strip(&inner)
            result[container] = .object(inner)
        } else {
            strip(&result)
        }
    }

    private static func paths(_ text: String) throws(SCIMRequestError) -> [SCIMAttributePath] {
        var paths: [SCIMAttributePath] = []
        for part in text.split(separator: ",") {
            let name = String(part).trimmingWhitespace()
            guard !name.isEmpty else { continue }
            guard let path = try? SCIMPatchPath.parse(name), path.filter == nil else {
                throw .invalidValue("\"\(name)\" is not an attribute name")
            }
            paths.append(
                SCIMAttributePath(
                    schema: path.attribute.schema, name: path.attribute.name, subAttribute: path.attribute.subAttribute ?? path.subAttribute
                ))
        }
        return paths
    }
}
