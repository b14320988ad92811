import Directory
import Domain
import HTTPServer
import JSON
import SCIM
import SQLite
import Storage
import Web

/// `/Users`: list, search, read, create, replace, patch and delete users (RFC 7644 §3).
///
/// Every write is one transaction through the user store (so the domain's rules and the schema's checks
/// apply as for a form or `apply`) with its audit event, actor `scim:<token name>`, naming the fields that
/// changed. `active: false` ends every session the user holds in that same transaction, as the admin
/// form's Disable does; the next request on any of those sessions is refused.
struct SCIMUserEndpoints: SCIMResourceEndpoints {
    static let path = "/Users"
    static let uniqueAttribute = "userName"

    let service: SCIMService
    private var schema: SCIMResourceSchema { SCIMUserResource.schema }

    var collection: SCIMCollection<User> {
        let base = service.base
        return SCIMCollection(
            source: .init(
                schema: schema,
                columns: ["id": .id, "username": .userName, "externalid": .externalID, "displayname": .displayName],
                find: { store, column, value in try store.users(where: column, equals: value) },
                page: { store, column, descending, limit, offset in
                    try store.users(orderedBy: column, descending: descending, limit: limit, offset: offset)
                },
                count: { try $0.userCount() }, id: \.id,
                render: { store, user, complete in
                    SCIMUserResource.json(
                        user.item, revision: user.revision, groups: complete ? try store.groupsOf(userID: user.item.id) : nil, base: base)
                }, costlyAttribute: "groups"))
    }

    func create(_ request: Request) throws -> HTTPResponse {
        let resource = try SCIMResourceReader(schema: schema).canonical(service.body(request))
        let user = try SCIMUserResource.user(from: resource, base: User(email: "", displayName: ""))
        let json = try write { db in
            try UserStore(db).create(user)
            try service.audit(
                "user.create", target: user.id, request: request, db: db,
                details: AuditSnapshot.change(before: nil, after: AuditSnapshot.user(user)))
            return try stored(user.id, db: db)
        }
        return service.resource(json, status: .created)
    }

    func replace(_ request: Request) throws -> HTTPResponse {
        let resource = try SCIMResourceReader(schema: schema).canonical(service.body(request))
        let json = try write { db in
            let before = try current(request, db: db)
            try change(before, to: try SCIMUserResource.user(from: resource, base: before.item), request: request, db: db)
            return try stored(before.item.id, db: db)
        }
        return service.resource(json)
    }

    func patch(_ request: Request) throws -> HTTPResponse {
        let operations = try SCIMPatchOperation.operations(of: service.body(request))
        let json = try write { db in
            let before = try current(request, db: db)
            let rendered = SCIMUserResource.json(before.item, revision: before.revision, groups: nil, base: service.base)
            var patched = try SCIMPatcher(schema: schema).apply(operations, to: rendered)
            // Every Portico user is active or not; one whose `active` was removed is not (the safe reading).
            if patched["active"] == nil { patched["active"] = .bool(false) }
            try change(before, to: try SCIMUserResource.user(from: patched, base: before.item), request: request, db: db)
            return try stored(before.item.id, db: db)
        }
        return service.resource(json)
    }

    func delete(_ request: Request) throws -> HTTPResponse {
        try write { db in
            let user = try current(request, db: db)
            if user.item.isActive { try keepAnAdmin(besides: user.item, db: db) }
            let consequences = try AdminUserPages.consequences(of: user.item, now: service.authentication.clock.epochSeconds, db: db)
            try UserStore(db).delete(id: user.item.id)
            try service.audit(
                "user.delete", target: user.item.id, request: request, db: db,
                details: AuditSnapshot.change(before: AuditSnapshot.user(user.item), after: nil).merging(consequences.auditDetails) { $1 })
        }
        return service.noContent()
    }

    // MARK: Steps

    /// Stores `after` over `before` with its audit event; a user going inactive loses every session here.
    private func change(_ before: SCIMDirectoryStore.Revisioned<User>, to after: User, request: Request, db: Connection) throws {
        guard after != before.item else { return }
        if before.item.isActive && !after.isActive { try keepAnAdmin(besides: before.item, db: db) }
        try UserStore(db).update(after)
        var details = AuditSnapshot.changedFields(before: AuditSnapshot.user(before.item), after: AuditSnapshot.user(after))
        if before.item.isActive && !after.isActive {
            let ended = try SessionStore(db).revokeAllForUser(
                userID: after.id, by: service.actor(request), now: service.authentication.clock.epochSeconds)
            details["sessions_ended"] = .number(Double(ended))
        }
        try service.audit("user.update", target: after.id, request: request, db: db, details: details)
    }

    /// Refuses to disable or delete Portico's last active admin: nobody could administer Portico afterwards,
    /// and an identity provider cannot tell. Another admin must be named first, in Portico.
    private func keepAnAdmin(besides user: User, db: Connection) throws {
        guard user.isAdmin, try PortalStore(db).administrators().allSatisfy({ $0.id == user.id }) else { return }
        throw SCIMFailure(
            SCIMRequestError(
                status: 400, scimType: "mutability",
                detail: "\(user.email) is Portico's last active admin; make someone else an admin in Portico first"))
    }

    /// The user the path names, as stored now, held to the request's `If-Match`.
    private func current(_ request: Request, db: Connection) throws -> SCIMDirectoryStore.Revisioned<User> {
        guard let user = try SCIMDirectoryStore(db).users(where: .id, equals: request.parameters["id"] ?? "").first else {
            throw service.missing("user", request)
        }
        try service.checkIfMatch(request, revision: user.revision)
        return user
    }

    private func stored(_ id: String, db: Connection) throws -> [String: JSONNode] {
        let store = SCIMDirectoryStore(db)
        guard let user = try store.users(where: .id, equals: id).first else { throw StoreError.notFound }
        return try render(user, store: store)
    }

    private func render(_ user: SCIMDirectoryStore.Revisioned<User>, store: SCIMDirectoryStore) throws -> [String: JSONNode] {
        SCIMUserResource.json(user.item, revision: user.revision, groups: try store.groupsOf(userID: user.item.id), base: service.base)
    }
}
