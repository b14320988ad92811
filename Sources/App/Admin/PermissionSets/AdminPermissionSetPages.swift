import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/permission-sets`: admins list, create, change and delete permission sets, and see which
/// assignments use each one (they are managed on each account's page).
///
/// Every change and its audit event (`permission_set.create`, `.update`, `.delete`, with the set before and
/// after in the shape of the directory file) commit in one transaction. Deleting a set deletes its
/// assignments with it (the schema's `ON DELETE CASCADE`), so the confirmation page says which go.
struct AdminPermissionSetPages: AdminResourcePages {
    static let noSuchPermissionSet = "There is no permission set with that id."

    let pages: PageRenderer
    let authentication: Authentication

    private var database: Database { authentication.database }

    // MARK: List

    func list(_ request: Request) throws -> HTTPResponse {
        let list = try AdminListQuery(request, path: "/admin/permission-sets", defaultSort: PermissionSetStore.Sort.name)
        let (page, assignmentCounts) = try database.read { db in
            let page = try PermissionSetStore(db).list(list.storeQuery)
            return (page, try page.items.map { try AssignmentStore(db).count(.init(permissionSetID: $0.id)) })
        }
        let rows: [TemplateValue] = zip(page.items, assignmentCounts).map { set, count in
            let row: TemplateObject = [
                "id": set.id, "name": set.name, "description": set.description, "sessionDuration": set.sessionDuration.inWords,
                "assignmentCount": count,
            ]
            return row.templateValue
        }
        var values: TemplateObject = ["permissionSets": rows, "hasPermissionSets": !rows.isEmpty]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try pages.page(
            "pages/admin-permission-sets", request: request,
            values.merging(list.templateValues(total: page.total)).merging(AdminSection.permissionSets.templateValues))
    }

    // MARK: Show

    func show(_ request: Request) throws -> HTTPResponse {
        let set = try findPermissionSet(request)
        let (assignments, sync) = try database.read { db in
            (try AssignmentStore(db).named(.init(permissionSetID: set.id)), try ProvisioningStore(db).statuses(permissionSetID: set.id))
        }
        var values: TemplateObject = [
            "permissionSet": Self.templateValue(set),
            "assignmentTable": {
                var table = AssignmentTable(assignments, from: .permissionSet)
                table.syncStates = AssignmentTable.syncStates(sync)
                return table.templateValue
            }(),
            "syncRows": sync.map { status in
                [
                    "accountID": status.accountID, "state": AccountSyncPages.stateValue(status.state), "message": status.message,
                ] as TemplateObject
            },
            "hasSyncRows": !sync.isEmpty,
        ]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try pages.page(
            "pages/admin-permission-set", request: request, values.merging(AdminSection.permissionSets.templateValues))
    }

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        return try formPage(PermissionSetForm(), permissionSet: nil, request: request)
    }

    /// Offloaded.
    func create(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = PermissionSetForm(try request.form())
        let allowedHosts = try database.read { try SettingsStore($0).federation().allowedConsoleHosts }
        guard let set = form.validated(id: FieldRules.newIdentifier(), allowedConsoleHosts: allowedHosts) else {
            return try formPage(form, permissionSet: nil, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange(
                "permission_set.create", by: admin, target: set.id, request: request,
                details: AuditSnapshot.change(before: nil, after: AuditSnapshot.permissionSet(set))
            ) { db in
                try PermissionSetStore(db).create(set)
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another permission set is called \(set.name) (IAM role names ignore case, so names do too)."
            return try formPage(form, permissionSet: nil, request: request, status: .unprocessableContent)
        }
        return try back(to: set, done: "created")
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        let set = try findPermissionSet(request)
        return try formPage(PermissionSetForm(set), permissionSet: set, request: request)
    }

    /// Offloaded. A new session duration applies to role sessions started afterwards; running ones keep theirs.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let before = try findPermissionSet(request)
        var form = PermissionSetForm(try request.form())
        let allowedHosts = try database.read { try SettingsStore($0).federation().allowedConsoleHosts }
        guard let after = form.validated(id: before.id, before: before, allowedConsoleHosts: allowedHosts) else {
            return try formPage(form, permissionSet: before, request: request, status: .unprocessableContent)
        }
        do {
            try database.write { db in
                // Saving the form unchanged is not a change: no event.
                guard after != before else { return }
                try PermissionSetStore(db).update(after)
                try authentication.audit(
                    "permission_set.update", actor: admin.user.email, target: after.id, request: request, db: db,
                    details: AuditSnapshot.change(before: AuditSnapshot.permissionSet(before), after: AuditSnapshot.permissionSet(after)))
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another permission set is called \(after.name) (IAM role names ignore case, so names do too)."
            return try formPage(form, permissionSet: before, request: request, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw HTTPError(.notFound, Self.noSuchPermissionSet)
        }
        return try back(to: after, done: "updated")
    }

    // MARK: Delete

    /// The confirmation: the assignments that go with the permission set.
    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        let set = try findPermissionSet(request)
        let assignments = try database.read { try AssignmentStore($0).named(.init(permissionSetID: set.id)) }
        let values: TemplateObject = [
            "permissionSet": ["id": set.id, "name": set.name] as TemplateObject, "assignmentCount": assignments.total,
            "isInUse": assignments.total > 0, "oneAssignment": assignments.total == 1,
            "assignmentTable": AssignmentTable(assignments, from: .permissionSet).templateValue,
        ]
        return try pages.page(
            "pages/admin-permission-set-delete", request: request, values.merging(AdminSection.permissionSets.templateValues))
    }

    /// Offloaded. The assignments go in the same transaction (by cascade); the audit event counts them.
    func delete(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let set = try findPermissionSet(request)
        try authentication.recordChange("permission_set.delete", by: admin, target: set.id, request: request) { db in
            let assignments = try AssignmentStore(db).count(.init(permissionSetID: set.id))
            try PermissionSetStore(db).delete(id: set.id)
            var details = AuditSnapshot.change(before: AuditSnapshot.permissionSet(set), after: nil)
            details["assignments_removed"] = .number(Double(assignments))
            return details
        }
        return try HTTPResponse.redirect(toPath: "/admin/permission-sets?done=deleted")
    }

    // MARK: Shared steps

    private func findPermissionSet(_ request: Request) throws -> PermissionSet {
        guard let id = request.parameters["id"], FieldRules.isIdentifier(id),
            let set = try database.read({ try PermissionSetStore($0).find(id: id) })
        else { throw HTTPError(.notFound, Self.noSuchPermissionSet) }
        return set
    }

    /// The create or edit form; `permissionSet` is the stored set when editing.
    private func formPage(_ form: PermissionSetForm, permissionSet: PermissionSet?, request: Request, status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        let allowedHosts = try database.read { try SettingsStore($0).federation().allowedConsoleHosts }
        let values: TemplateObject = [
            "isNew": permissionSet == nil,
            "allowedConsoleHosts": allowedHosts.joined(separator: ", "),
            "action": AdminSection.permissionSets.formAction(editing: permissionSet?.id),
            "permissionSet": permissionSet.map { ["id": $0.id, "name": $0.name] as TemplateObject }.templateValue,
        ]
        return try pages.page(
            "pages/admin-permission-set-form", request: request,
            values.merging(form.templateValues).merging(AdminSection.permissionSets.templateValues), status: status)
    }

    private func back(to set: PermissionSet, done: String) throws -> HTTPResponse {
        try AdminSection.permissionSets.back(to: set.id, done: done)
    }

    private static func templateValue(_ set: PermissionSet) -> TemplateObject {
        [
            "id": set.id, "name": set.name, "description": set.description, "hasDescription": !set.description.isEmpty,
            "sessionDuration": set.sessionDuration.inWords, "relayState": set.relayState ?? "",
            "hasRelayState": set.relayState != nil,
            "managedPolicies": set.managedPolicyARNs.map { TemplateValue.string($0) }, "hasManagedPolicies": !set.managedPolicyARNs.isEmpty,
            "inlinePolicy": set.inlinePolicy ?? "", "hasInlinePolicy": set.inlinePolicy != nil,
            "tags": set.tags.sorted { $0.key < $1.key }.map { (["key": $0.key, "value": $0.value] as TemplateObject).templateValue },
            "hasTags": !set.tags.isEmpty,
        ]
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "created": "The permission set was created."
        case "updated": "The permission set was saved. A new session duration applies to role sessions started from now on."
        case "deleted": "The permission set and its assignments were deleted."
        case "sync-requested": "An attempt starts in a few seconds in every account kept in sync; reload this page to see the result."
        default: nil
        }
    }
}
