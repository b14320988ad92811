import Domain
import JSON

/// A Portico group as a SCIM Group resource (RFC 7643 §4.2), and back. Members are users only.
package enum SCIMGroupResource {
    package static let schema = SCIMResourceSchema(core: .group)
    package static let endpoint = "/Groups"

    /// The resource; `members` as `(id, displayName)` pairs, nil to leave them out.
    package static func json(
        _ group: Group, revision: Int, members: [(id: String, displayName: String)]?, base: String
    ) -> [String: JSONNode] {
        var resource: [String: JSONNode] = [
            "schemas": .strings([SCIMSchema.groupID]), "id": .string(group.id), "displayName": .string(group.name),
            "meta": .object([
                "resourceType": .string("Group"), "location": .string(base + endpoint + "/" + group.id),
                "version": .string(SCIMUserResource.version(revision)),
            ]),
        ]
        if let externalID = group.externalID { resource["externalId"] = .string(externalID) }
        if let members {
            resource["members"] = .array(
                members.map { member in
                    .object([
                        "value": .string(member.id), "display": .string(member.displayName), "type": .string("User"),
                        "$ref": .string(base + SCIMUserResource.endpoint + "/" + member.id),
                    ])
                })
        }
        return resource
    }

    /// The group a canonical resource describes on top of `base`; the description stays Portico's.
    package static func group(from resource: [String: JSONNode], base: Group) throws(SCIMRequestError) -> Group {
        var group = base
        group.source = .scim
        guard case .string(let name)? = resource["displayName"], !name.isEmpty else {
            throw .invalidValue("displayName is required and must be a string")
        }
        group.name = name
        switch resource["externalId"] {
        case nil, .null?: group.externalID = nil
        case .string(let id)?: group.externalID = id
        default: throw .invalidValue("externalId must be a string")
        }
        return group
    }

    /// The member ids a `members` value names: `[{"value": id}, …]`, or one such object.
    package static func memberIDs(_ node: JSONNode?) throws(SCIMRequestError) -> [String] {
        guard let node, node != .null else { return [] }
        let items: [JSONNode]
        if case .array(let list) = node { items = list } else { items = [node] }
        var ids: [String] = []
        for item in items {
            guard case .object(let fields) = item, let valueKey = fields.keys.first(where: { $0.lowercased() == "value" }),
                case .string(let id)? = fields[valueKey]
            else { throw .invalidValue("each member is an object with a string value") }
            if case .string(let type)? = fields.first(where: { $0.key.lowercased() == "type" })?.value, type.lowercased() == "group" {
                throw .invalidValue("groups cannot be members of groups in Portico")
            }
            ids.append(id)
        }
        return ids
    }
}
