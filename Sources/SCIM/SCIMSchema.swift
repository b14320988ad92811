import JSON

/// A SCIM schema: its URI and attributes (RFC 7643 §7), with the three Portico serves: the core User and
/// Group schemas and the enterprise User extension, limited to the attributes Portico keeps.
package struct SCIMSchema: Hashable, Sendable {
    package var id: String
    package var name: String
    package var description: String
    package var attributes: [SCIMAttribute]

    package init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The attribute named `name`, in any case.
    package func attribute(_ name: String) -> SCIMAttribute? {
        attributes.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Whether the attribute a filter path names compares strings case-exactly, by its lowercased `key`
    /// (`name` or `name.sub`), for `SCIMFilterEvaluator`: `id` and `externalId` are case-exact (RFC 7643 §3.1),
    /// unknown attributes are not.
    package func isCaseExact(_ key: String) -> Bool {
        if key == "id" || key == "externalid" { return true }
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard let attribute = attribute(parts[0]) else { return false }
        guard parts.count == 2 else { return attribute.caseExact }
        return attribute.subAttribute(parts[1])?.caseExact ?? false
    }

    /// The schema as `/Schemas/{id}` returns it.
    package func json(baseURL: String) -> JSONNode {
        .object([
            "schemas": .strings(["urn:ietf:params:scim:schemas:core:2.0:Schema"]), "id": .string(id), "name": .string(name),
            "description": .string(description), "attributes": .array(attributes.map(\.json)),
            "meta": .object(["resourceType": .string("Schema"), "location": .string(baseURL + "/scim/v2/Schemas/" + id)]),
        ])
    }
}
