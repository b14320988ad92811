import Directory
import Domain
import HTTPServer
import JSON
import SCIM
import SQLite
import Storage
import Web

/// `/Groups`: list, search, read, create, replace, patch and delete groups (RFC 7644 §3).
///
/// Membership operations (Entra adds and removes members one `PATCH` at a time, and a `PATCH` may carry a
/// thousand) go straight to `group_members` by id instead of through the rendered member list; the other
/// attributes are patched as JSON like a user's. A membership change takes effect on the member's next
/// request, as the start page watches the directory's generation.
struct SCIMGroupEndpoints: SCIMResourceEndpoints {
    static let path = "/Groups"
    static let uniqueAttribute = "displayName"

    let service: SCIMService
    private var schema: SCIMResourceSchema { SCIMGroupResource.schema }

    var collection: SCIMCollection<Group> {
        let base = service.base
        return SCIMCollection(
            source: .init(
                schema: schema, columns: ["id": .id, "externalid": .externalID, "displayname": .displayName],
                find: { store, column, value in try store.groups(where: column, equals: value) },
                page: { store, column, descending, limit, offset in
                    try store.groups(orderedBy: column, descending: descending, limit: limit, offset: offset)
                },
                count: { try $0.groupCount() }, id: \.id,
                render: { store, group, complete in
                    SCIMGroupResource.json(
                        group.item, revision: group.revision, members: complete ? try store.members(groupID: group.item.id) : nil,
                        base: base)
                }, costlyAttribute: "members"))
    }

    func create(_ request: Request) throws -> HTTPResponse {
        let resource = try SCIMResourceReader(schema: schema).canonical(service.body(request))
        let group = try SCIMGroupResource.group(from: resource, base: Group(name: ""))
        let members = try SCIMGroupResource.memberIDs(resource["members"])
        let json = try write { db in
            try GroupStore(db).create(group)
            let added = try GroupStore(db).addMembers(groupID: group.id, userIDs: members)
            var details = AuditSnapshot.change(before: nil, after: AuditSnapshot.group(group))
            if added > 0 { details["members_added"] = Self.ids(members) }
            try service.audit("group.create", target: group.id, request: request, db: db, details: details)
            return try stored(group.id, db: db)
        }
        return service.resource(json, status: .created)
    }

    func replace(_ request: Request) throws -> HTTPResponse {
        let resource = try SCIMResourceReader(schema: schema).canonical(service.body(request))
        let members = try SCIMGroupResource.memberIDs(resource["members"])
        let json = try write { db in
            let before = try current(request, db: db)
            var details = try change(before.item, to: SCIMGroupResource.group(from: resource, base: before.item), db: db)
            let store = SCIMDirectoryStore(db)
            let (added, removed) = try store.setMembers(groupID: before.item.id, userIDs: members)
            Self.noteMembers(added: added, removed: removed, in: &details)
            if !details.isEmpty { try service.audit("group.update", target: before.item.id, request: request, db: db, details: details) }
            return try stored(before.item.id, db: db)
        }
        return service.resource(json)
    }

    func patch(_ request: Request) throws -> HTTPResponse {
        let operations = try SCIMPatchOperation.operations(of: service.body(request))
        let (attributes, membership) = try Self.split(operations)
        let version = try write { db in
            let before = try current(request, db: db)
            var details: [String: JSONNode] = [:]
            if !attributes.isEmpty {
                let rendered = SCIMGroupResource.json(before.item, revision: before.revision, members: nil, base: service.base)
                let patched = try SCIMPatcher(schema: schema).apply(attributes, to: rendered)
                details = try change(before.item, to: SCIMGroupResource.group(from: patched, base: before.item), db: db)
            }
            var added: [String] = []
            var removed: [String] = []
            for operation in membership {
                let (plus, minus) = try apply(operation, to: before.item.id, db: db)
                added += plus
                removed += minus
            }
            Self.noteMembers(added: added, removed: removed, in: &details)
            if !details.isEmpty { try service.audit("group.update", target: before.item.id, request: request, db: db, details: details) }
            return try SCIMDirectoryStore(db).groups(where: .id, equals: before.item.id).first.map { SCIMUserResource.version($0.revision) }
        }
        // A group's members may run to thousands, so a PATCH answers 204 with the new ETag (RFC 7644 §3.5.2).
        return service.noContent(version: version)
    }

    func delete(_ request: Request) throws -> HTTPResponse {
        try write { db in
            let group = try current(request, db: db)
            let members = try GroupStore(db).memberIDs(groupID: group.item.id)
            try GroupStore(db).delete(id: group.item.id)
            var details = AuditSnapshot.change(before: AuditSnapshot.group(group.item), after: nil)
            details["members"] = .number(Double(members.count))
            try service.audit("group.delete", target: group.item.id, request: request, db: db, details: details)
        }
        return service.noContent()
    }

    // MARK: Membership

    /// A membership operation, by ids.
    enum MembershipChange {
        case add([String])
        case remove([String])
        case removeMatching(SCIMFilter)
        case removeAll
        case replace([String])
    }

    /// Splits a PATCH into operations on the group's own attributes and changes to its members.
    static func split(_ operations: [SCIMPatchOperation]) throws(SCIMRequestError) -> ([SCIMPatchOperation], [MembershipChange]) {
        var attributes: [SCIMPatchOperation] = []
        var membership: [MembershipChange] = []
        for operation in operations {
            if let path = operation.path {
                guard path.attribute.name.lowercased() == "members" else {
                    attributes.append(operation)
                    continue
                }
                membership.append(try change(operation.kind, path: path, value: operation.value))
                continue
            }
            // Without a path: `{"members": […], "displayName": …}`; Entra also removes members this way.
            guard case .object(var fields)? = operation.value else {
                if operation.kind == .remove, let value = operation.value {
                    membership.append(.remove(try SCIMGroupResource.memberIDs(value)))
                    continue
                }
                attributes.append(operation)
                continue
            }
            if let key = fields.keys.first(where: { $0.lowercased() == "members" }) {
                let ids = try SCIMGroupResource.memberIDs(fields.removeValue(forKey: key))
                switch operation.kind {
                case .add: membership.append(.add(ids))
                case .replace: membership.append(.replace(ids))
                case .remove: membership.append(.remove(ids))
                }
            }
            if !fields.isEmpty { attributes.append(SCIMPatchOperation(kind: operation.kind, value: .object(fields))) }
        }
        return (attributes, membership)
    }

    private static func change(
        _ kind: SCIMPatchOperation.Kind, path: SCIMPatchPath, value: JSONNode?
    ) throws(SCIMRequestError) -> MembershipChange {
        if path.subAttribute != nil || path.attribute.subAttribute != nil {
            throw .invalidPath("members are added and removed whole; \(path) names a part of one")
        }
        switch (kind, path.filter) {
        case (.add, nil): return .add(try SCIMGroupResource.memberIDs(value))
        case (.replace, nil): return .replace(try SCIMGroupResource.memberIDs(value))
        case (.remove, nil): return value == nil ? .removeAll : .remove(try SCIMGroupResource.memberIDs(value))
        case (.remove, let filter?):
            // `members[value eq "id"]`, Entra's usual removal, goes by id without reading the member list.
            if case .compare(let attribute, .equal, .string(let id)) = filter, attribute.key == "value" { return .remove([id]) }
            return .removeMatching(filter)
        case (_, .some):
            throw .invalidPath("members are changed by adding and removing them; \(kind.rawValue) with a filter is not supported")
        }
    }

    /// Applies one membership change; returns the ids added and removed.
    private func apply(_ change: MembershipChange, to groupID: String, db: Connection) throws -> (added: [String], removed: [String]) {
        let groups = GroupStore(db)
        switch change {
        case .add(let ids):
            let store = SCIMDirectoryStore(db)
            var seen = Set<String>()
            let new = try ids.filter { id in try seen.insert(id).inserted && !store.isMember(groupID: groupID, userID: id) }
            _ = try groups.addMembers(groupID: groupID, userIDs: ids)
            return (new, [])
        case .remove(let ids):
            var removed: [String] = []
            for id in ids where try groups.removeMembers(groupID: groupID, userIDs: [id]) > 0 { removed.append(id) }
            return ([], removed)
        case .removeAll:
            let ids = try groups.memberIDs(groupID: groupID)
            _ = try groups.removeMembers(groupID: groupID, userIDs: ids)
            return ([], ids)
        case .removeMatching(let filter):
            let evaluator = SCIMFilterEvaluator(caseExact: { $0 == "value" })
            let doomed = try SCIMDirectoryStore(db).members(groupID: groupID).filter { member in
                evaluator.matches(
                    filter, .object(["value": .string(member.id), "display": .string(member.displayName), "type": .string("User")]))
            }.map(\.id)
            _ = try groups.removeMembers(groupID: groupID, userIDs: doomed)
            return ([], doomed)
        case .replace(let ids):
            return try SCIMDirectoryStore(db).setMembers(groupID: groupID, userIDs: ids)
        }
    }

    // MARK: Steps

    /// Stores `after` over `before`; returns the audit details of what changed (empty when nothing did).
    private func change(_ before: Group, to after: Group, db: Connection) throws -> [String: JSONNode] {
        guard after != before else { return [:] }
        try GroupStore(db).update(after)
        return AuditSnapshot.changedFields(before: AuditSnapshot.group(before), after: AuditSnapshot.group(after))
    }

    /// Member ids in an audit event, at most a hundred of them, with the count.
    private static func noteMembers(added: [String], removed: [String], in details: inout [String: JSONNode]) {
        if !added.isEmpty { details["members_added"] = ids(added) }
        if !removed.isEmpty { details["members_removed"] = ids(removed) }
    }

    private static func ids(_ ids: [String]) -> JSONNode {
        ids.count <= 100 ? .strings(ids) : .object(["count": .number(Double(ids.count)), "first": .strings(Array(ids.prefix(100)))])
    }

    private func current(_ request: Request, db: Connection) throws -> SCIMDirectoryStore.Revisioned<Group> {
        guard let group = try SCIMDirectoryStore(db).groups(where: .id, equals: request.parameters["id"] ?? "").first else {
            throw service.missing("group", request)
        }
        try service.checkIfMatch(request, revision: group.revision)
        return group
    }

    private func stored(_ id: String, db: Connection) throws -> [String: JSONNode] {
        let store = SCIMDirectoryStore(db)
        guard let group = try store.groups(where: .id, equals: id).first else { throw StoreError.notFound }
        return try render(group, store: store, complete: true)
    }

    private func render(_ group: SCIMDirectoryStore.Revisioned<Group>, store: SCIMDirectoryStore, complete: Bool) throws -> [String:
        JSONNode]
    {
        SCIMGroupResource.json(
            group.item, revision: group.revision, members: complete ? try store.members(groupID: group.item.id) : nil, base: service.base)
    }
}
