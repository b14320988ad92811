import JSON

/// One attribute of a SCIM schema and its characteristics (RFC 7643 §2.2, §7): what `/Schemas` publishes,
/// and what filters (`caseExact`), PATCH and validation go by.
package struct SCIMAttribute: Hashable, Sendable {
    package enum Kind: String, Hashable, Sendable {
        case string, boolean, decimal, integer, dateTime, reference, complex
    }

    package enum Mutability: String, Hashable, Sendable {
        case readOnly, readWrite, immutable, writeOnly
    }

    package enum Returned: String, Hashable, Sendable {
        case always, never, `default`, request
    }

    package enum Uniqueness: String, Hashable, Sendable {
        case none, server, global
    }

    package var name: String
    package var kind: Kind
    package var multiValued = false
    package var description = ""
    package var required = false
    package var caseExact = false
    package var mutability = Mutability.readWrite
    package var returned = Returned.default
    package var uniqueness = Uniqueness.none
    package var canonicalValues: [String] = []
    package var referenceTypes: [String] = []
    package var subAttributes: [SCIMAttribute] = []

    package init(
        _ name: String, _ kind: Kind, multiValued: Bool = false, description: String = "", required: Bool = false,
        caseExact: Bool = false, mutability: Mutability = .readWrite, returned: Returned = .default, uniqueness: Uniqueness = .none,
        canonicalValues: [String] = [], referenceTypes: [String] = [], subAttributes: [SCIMAttribute] = []
    ) {
        self.name = name
        self.kind = kind
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    /// The sub-attribute named `name`, in any case.
    package func subAttribute(_ name: String) -> SCIMAttribute? {
        subAttributes.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The attribute as `/Schemas` describes it.
    package var json: JSONNode {
        var fields: [String: JSONNode] = [
            "name": .string(name), "type": .string(kind.rawValue), "multiValued": .bool(multiValued), "description": .string(description),
            "required": .bool(required), "mutability": .string(mutability.rawValue), "returned": .string(returned.rawValue),
        ]
        if kind == .string || kind == .reference {
            fields["caseExact"] = .bool(caseExact)
            fields["uniqueness"] = .string(uniqueness.rawValue)
        }
        if !canonicalValues.isEmpty { fields["canonicalValues"] = .strings(canonicalValues) }
        if !referenceTypes.isEmpty { fields["referenceTypes"] = .strings(referenceTypes) }
        if !subAttributes.isEmpty { fields["subAttributes"] = .array(subAttributes.map(\.json)) }
        return .object(fields)
    }

    /// `value` with Entra's `"True"` and `"False"` read as the booleans they mean, where this attribute (or
    /// one of its sub-attributes) is a boolean, and nowhere else: a title may well be "True".
    package func typed(_ value: JSONNode) -> JSONNode {
        switch (kind, value) {
        case (.boolean, .string(let text)) where text.lowercased() == "true" || text.lowercased() == "false":
            return .bool(text.lowercased() == "true")
        case (_, .array(let items)):
            return .array(items.map(typed))
        case (.complex, .object(let fields)):
            return .object(
                Dictionary(uniqueKeysWithValues: fields.map { key, item in (key, subAttribute(key).map { $0.typed(item) } ?? item) }))
        default:
            return value
        }
    }
}
