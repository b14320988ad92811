import JSON

/// Reads a `POST` or `PUT` body (or a patched resource) into canonical form: attribute names as the
/// schema spells them whatever case the client used, values of complex attributes likewise, `"True"`/
/// `"False"` as booleans where the attribute is one, and attributes the resource type does not have left out.
package struct SCIMResourceReader: Sendable {
    package let schema: SCIMResourceSchema

    package init(schema: SCIMResourceSchema) {
        self.schema = schema
    }

    package func canonical(_ body: JSONNode) throws(SCIMRequestError) -> [String: JSONNode] {
        guard case .object(let members) = body else {
            throw .invalidSyntax("a resource is a JSON object")
        }
        var result: [String: JSONNode] = [:]
        for (key, value) in members {
            if let owner = schema.extensionSchema(key) {
                guard case .object(let inner) = value else { throw .invalidValue("\(owner.id) must be an object") }
                var fields: [String: JSONNode] = [:]
                for (name, item) in inner {
                    guard let attribute = owner.attribute(name) else { continue }
                    fields[attribute.name] = try Self.canonical(item, attribute)
                }
                result[owner.id] = .object(fields)
            } else if let resolved = schema.resolve(SCIMAttributePath(name: key)) {
                result[resolved.attribute.name] = try Self.canonical(value, resolved.attribute)
            }
        }
        return result
    }

    private static func canonical(_ value: JSONNode, _ attribute: SCIMAttribute) throws(SCIMRequestError) -> JSONNode {
        let value = attribute.typed(value)
        if attribute.multiValued {
            guard case .array(let items) = value else {
                if value == .null { return .array([]) }
                throw .invalidValue("\(attribute.name) must be a list")
            }
            var result: [JSONNode] = []
            for item in items {
                result.append(try single(item, attribute))
            }
            return .array(result)
        }
        return try single(value, attribute)
    }

    private static func single(_ value: JSONNode, _ attribute: SCIMAttribute) throws(SCIMRequestError) -> JSONNode {
        guard attribute.kind == .complex, !attribute.subAttributes.isEmpty else { return value }
        guard case .object(let fields) = value else {
            if value == .null { return value }
            throw .invalidValue("\(attribute.name) must be an object")
        }
        var result: [String: JSONNode] = [:]
        for (key, item) in fields {
            if let sub = attribute.subAttribute(key) { result[sub.name] = item }
        }
        return .object(result)
    }
}
