import JSON

/// A resource type's attributes as PATCH, projections and filters need them: its core schema, its
/// extension schemas (whose attributes live in an object under the schema's URI), and the attributes
/// every resource has (RFC 7643 §3.1).
package struct SCIMResourceSchema: Sendable {
    /// Where an attribute lives in the resource's JSON, and what it is.
    package struct Resolved: Sendable {
        /// The extension URI whose object holds the attribute; nil for a top-level attribute.
        package var container: String?
        package var attribute: SCIMAttribute
    }

    package let core: SCIMSchema
    package let extensions: [SCIMSchema]

    package init(core: SCIMSchema, extensions: [SCIMSchema] = []) {
        self.core = core
        self.extensions = extensions
    }

    /// `id`, `externalId` and `meta`, which no schema lists; `id` and `externalId` compare case-exactly.
    static let common = [
        SCIMAttribute("id", .string, caseExact: true, mutability: .readOnly, returned: .always),
        SCIMAttribute("externalId", .string, caseExact: true),
        SCIMAttribute("meta", .complex, mutability: .readOnly),
        SCIMAttribute("schemas", .string, multiValued: true, caseExact: true, mutability: .readOnly, returned: .always),
    ]

    /// The attribute `path` names (its sub-attribute aside), or nil when the resource has no such attribute.
    package func resolve(_ path: SCIMAttributePath) -> Resolved? {
        if let schema = path.schema, schema.lowercased() != core.id.lowercased() {
            guard let owner = extensions.first(where: { $0.id.lowercased() == schema.lowercased() }),
                let attribute = owner.attribute(path.name)
            else { return nil }
            return Resolved(container: owner.id, attribute: attribute)
        }
        if let attribute = core.attribute(path.name) ?? Self.common.first(where: { $0.name.lowercased() == path.name.lowercased() }) {
            return Resolved(container: nil, attribute: attribute)
        }
        return nil
    }

    /// The extension schema whose URI is `name`, in any case.
    package func extensionSchema(_ name: String) -> SCIMSchema? {
        extensions.first { $0.id.lowercased() == name.lowercased() }
    }

    /// Whether string values at a filter path (its lowercased `key`) compare case-exactly; an extension's
    /// attributes are looked up in their schema, so one evaluator serves the whole resource.
    package func isCaseExact(_ key: String) -> Bool {
        if key == "id" || key == "externalid" { return true }
        if core.attribute(String(key.split(separator: ".").first ?? "")) != nil { return core.isCaseExact(key) }
        return extensions.contains { $0.isCaseExact(key) }
    }

    /// An evaluator for filters over this resource type.
    package var evaluator: SCIMFilterEvaluator {
        let schema = self
        return SCIMFilterEvaluator(caseExact: { schema.isCaseExact($0) })
    }
}
