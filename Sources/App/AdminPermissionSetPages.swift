import Domain
import HTTPServer
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/permission-sets`: admins list, create, change and delete permission sets, and see which
/// assignments use each one.
///
/// Every change and its audit event (`permission_set.create`, `.update`, `.delete`, with the set before and
/// after in the shape of the directory file) commit in one transaction. Deleting a set deletes its
/// assignments with it (the schema's `ON DELETE CASCADE`), so the confirmation page says how many go.
struct AdminPermissionSetPages: Sendable {
    static let noSuchPermissionSet = "There is no permission set with that id."
    static let pageSize = 50
    /// Assignments listed on the delete confirmation; the count is always complete.
    static let deletePreviewCount = 20

    let pages: PageRenderer
    let authentication: Authentication

    // MARK: List

    func list(_ request: Request) throws -> HTTPResponse {
        guard try AdminAccess.admin(request) != nil else { return try AdminAccess.signInFirst(request) }
        let search = String((try request.query["q"] ?? "").prefix(200))
        let sort: PermissionSetStore.Sort = try request.query["sort"] == "duration" ? .sessionDuration : .name
        let descending = try request.query["dir"] == "desc"
        let pager = try InterimPager(request, pageSize: Self.pageSize)
        let (page, assignmentCounts) = try authentication.database.read { db in
            let page = try PermissionSetStore(db).list(
                ListQuery(search: search, sort: sort, descending: descending, limit: pager.pageSize, offset: pager.offset))
            let counts = try page.items.map { try AssignmentStore(db).list(.init(permissionSetID: $0.id), limit: 0).total }
            return (page, counts)
        }
        let rows: [TemplateValue] = zip(page.items, assignmentCounts).map { set, count in
            let row: TemplateObject = [
                "id": set.id, "name": set.name, "description": set.description, "sessionDuration": set.sessionDuration.description,
                "assignments": count,
            ]
            return row.templateValue
        }
        let sortName = sort == .sessionDuration ? "duration" : "name"
        func sortLink(_ column: String) -> String {
            // Clicking the current column flips its direction; another column starts ascending.
            let direction = column == sortName && !descending ? "desc" : "asc"
            var query = [("sort", column), ("dir", direction)]
            if !search.isEmpty { query.insert(("q", search), at: 0) }
            return "/admin/permission-sets?" + query.map { "\($0.0)=\(QueryEncoding.component($0.1))" }.joined(separator: "&")
        }
        func ariaSort(_ column: String) -> String { column == sortName ? (descending ? "descending" : "ascending") : "none" }
        var values: TemplateObject = [
            "permissionSets": rows, "hasPermissionSets": !rows.isEmpty, "q": search,
            "sortByName": sortLink("name"), "sortByDuration": sortLink("duration"),
            "nameSort": ariaSort("name"), "durationSort": ariaSort("duration"),
            "pager": pager.templateValue(
                total: page.total, shown: rows.count, path: "/admin/permission-sets",
                query: [("q", search), ("sort", sortName == "name" ? "" : sortName), ("dir", descending ? "desc" : "")]),
        ]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = ["kind": "success", "message": message] }
        return try pages.page("pages/admin-permission-sets", request: request, values)
    }

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        guard try AdminAccess.admin(request) != nil else { return try AdminAccess.signInFirst(request) }
        return try formPage(PermissionSetForm(), editing: nil, request: request)
    }

    /// Offloaded.
    func create(_ request: Request) throws -> HTTPResponse {
        guard let admin = try AdminAccess.admin(request) else { return try AdminAccess.signInFirst(request) }
        var form = PermissionSetForm(try request.form())
        guard let set = form.validated(id: FieldRules.newIdentifier()) else {
            return try formPage(form, editing: nil, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.database.write { db in
                try PermissionSetStore(db).create(set)
                try authentication.audit(
                    "permission_set.create", actor: admin.user.email, target: set.id, request: request, db: db,
                    details: ["after": Self.auditValue(set)])
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another permission set is called \(set.name)."
            return try formPage(form, editing: nil, request: request, status: .unprocessableContent)
        }
        return try HTTPResponse.redirect(toPath: "/admin/permission-sets/\(set.id)?done=created")
    }

    // MARK: Show

    func show(_ request: Request) throws -> HTTPResponse {
        guard try AdminAccess.admin(request) != nil else { return try AdminAccess.signInFirst(request) }
        let set = try findPermissionSet(request)
        let pager = try InterimPager(request, pageSize: Self.pageSize)
        let (assignments, total) = try authentication.database.read { db in
            let page = try AssignmentStore(db).list(.init(permissionSetID: set.id), limit: pager.pageSize, offset: pager.offset)
            return (try Self.assignmentRows(page.items, db: db), page.total)
        }
        var values: TemplateObject = [
            "permissionSet": Self.templateValue(set), "assignments": assignments, "hasAssignments": !assignments.isEmpty,
            "pager": pager.templateValue(total: total, shown: assignments.count, path: "/admin/permission-sets/\(set.id)", query: []),
        ]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = ["kind": "success", "message": message] }
        return try pages.page("pages/admin-permission-set", request: request, values)
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        guard try AdminAccess.admin(request) != nil else { return try AdminAccess.signInFirst(request) }
        let set = try findPermissionSet(request)
        return try formPage(PermissionSetForm(set), editing: set, request: request)
    }

    /// Offloaded. A new session duration applies to role sessions started afterwards; running ones keep theirs.
    func update(_ request: Request) throws -> HTTPResponse {
        guard let admin = try AdminAccess.admin(request) else { return try AdminAccess.signInFirst(request) }
        let stored = try findPermissionSet(request)
        var form = PermissionSetForm(try request.form())
        guard let set = form.validated(id: stored.id) else {
            return try formPage(form, editing: stored, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.database.write { db in
                guard let before = try PermissionSetStore(db).find(id: set.id) else {
                    throw HTTPError(.notFound, Self.noSuchPermissionSet)
                }
                guard before != set else { return }
                try PermissionSetStore(db).update(set)
                try authentication.audit(
                    "permission_set.update", actor: admin.user.email, target: set.id, request: request, db: db,
                    details: ["before": Self.auditValue(before), "after": Self.auditValue(set)])
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another permission set is called \(set.name)."
            return try formPage(form, editing: stored, request: request, status: .unprocessableContent)
        }
        return try HTTPResponse.redirect(toPath: "/admin/permission-sets/\(set.id)?done=updated")
    }

    // MARK: Delete

    /// The confirmation: what goes with the permission set.
    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        guard try AdminAccess.admin(request) != nil else { return try AdminAccess.signInFirst(request) }
        let set = try findPermissionSet(request)
        let (assignments, total) = try authentication.database.read { db in
            let page = try AssignmentStore(db).list(.init(permissionSetID: set.id), limit: Self.deletePreviewCount)
            return (try Self.assignmentRows(page.items, db: db), page.total)
        }
        return try pages.page(
            "pages/admin-permission-set-delete", request: request,
            [
                "permissionSet": Self.templateValue(set), "assignments": assignments, "assignmentCount": total,
                "hasAssignments": total > 0, "oneAssignment": total == 1, "moreAssignments": max(0, total - assignments.count),
                "hasMoreAssignments": total > assignments.count,
            ])
    }

    /// Offloaded. The assignments go in the same transaction (by cascade); the audit event counts them.
    func delete(_ request: Request) throws -> HTTPResponse {
        guard let admin = try AdminAccess.admin(request) else { return try AdminAccess.signInFirst(request) }
        let set = try findPermissionSet(request)
        try authentication.database.write { db in
            guard let before = try PermissionSetStore(db).find(id: set.id) else { throw HTTPError(.notFound, Self.noSuchPermissionSet) }
            let removed = try AssignmentStore(db).list(.init(permissionSetID: set.id), limit: 0).total
            try PermissionSetStore(db).delete(id: set.id)
            try authentication.audit(
                "permission_set.delete", actor: admin.user.email, target: set.id, request: request, db: db,
                details: ["before": Self.auditValue(before), "assignments_removed": .number(Double(removed))])
        }
        return try HTTPResponse.redirect(toPath: "/admin/permission-sets?done=deleted")
    }

    // MARK: Shared steps

    private func findPermissionSet(_ request: Request) throws -> PermissionSet {
        guard let id = request.parameters["id"], FieldRules.isIdentifier(id),
            let set = try authentication.database.read({ try PermissionSetStore($0).find(id: id) })
        else { throw HTTPError(.notFound, Self.noSuchPermissionSet) }
        return set
    }

    /// The create or edit form; `editing` is the stored set when editing.
    private func formPage(_ form: PermissionSetForm, editing: PermissionSet?, request: Request, status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        var values = form.templateValues
        if let editing {
            values["editing"] = ["id": editing.id, "name": editing.name]
            values["action"] = .string("/admin/permission-sets/\(editing.id)")
        } else {
            values["action"] = "/admin/permission-sets"
        }
        if form.hasErrors {
            values["flash"] = ["kind": "error", "message": "The permission set was not saved: see the reasons beside the fields."]
        }
        return try pages.page("pages/admin-permission-set-form", request: request, values, status: status)
    }

    private static func templateValue(_ set: PermissionSet) -> TemplateObject {
        [
            "id": set.id, "name": set.name, "description": set.description, "hasDescription": !set.description.isEmpty,
            "sessionDuration": set.sessionDuration.description, "relayState": set.relayState ?? "",
            "hasRelayState": set.relayState != nil,
            "managedPolicies": set.managedPolicyARNs.map { TemplateValue.string($0) }, "hasManagedPolicies": !set.managedPolicyARNs.isEmpty,
            "inlinePolicy": set.inlinePolicy ?? "", "hasInlinePolicy": set.inlinePolicy != nil,
            "tags": set.tags.sorted { $0.key < $1.key }.map { (["key": $0.key, "value": $0.value] as TemplateObject).templateValue },
            "hasTags": !set.tags.isEmpty,
        ]
    }

    /// The set as the directory file spells it, for audit details.
    private static func auditValue(_ set: PermissionSet) -> JSONNode {
        var entry = DirectoryFile.PermissionSetEntry(name: set.name)
        entry.description = set.description
        entry.sessionDuration = set.sessionDuration
        entry.relayState = set.relayState
        entry.managedPolicies = set.managedPolicyARNs
        entry.inlinePolicy = set.inlinePolicy
        entry.tags = set.tags
        return .object(Dictionary(uniqueKeysWithValues: entry.fields))
    }

    /// One row per assignment: the account and the principal by name, linked to their pages.
    private static func assignmentRows(_ assignments: [Assignment], db: Connection) throws -> [TemplateValue] {
        let users = Dictionary(
            uniqueKeysWithValues: try UserStore(db).find(
                ids: assignments.compactMap { if case .user(let id) = $0.principal { id } else { nil } }
            )
            .map { ($0.id, $0) })
        var groups: [String: Group] = [:]
        var accounts: [String: Account] = [:]
        for assignment in assignments {
            if case .group(let id) = assignment.principal, groups[id] == nil { groups[id] = try GroupStore(db).find(id: id) }
            if accounts[assignment.accountID] == nil {
                accounts[assignment.accountID] = try AccountStore(db).find(id: assignment.accountID)
            }
        }
        return assignments.map { assignment in
            let principal: TemplateObject
            switch assignment.principal {
            case .user(let id):
                principal = ["kind": "User", "name": users[id]?.email ?? id, "href": "/admin/users/\(id)"]
            case .group(let id):
                principal = ["kind": "Group", "name": groups[id]?.name ?? id, "href": "/admin/groups/\(id)"]
            }
            let row: TemplateObject = [
                "accountID": assignment.accountID, "accountName": accounts[assignment.accountID]?.name ?? "",
                "accountHref": "/admin/accounts/\(assignment.accountID)", "principal": principal,
            ]
            return row.templateValue
        }
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "created": "The permission set was created."
        case "updated": "The permission set was saved. A new session duration applies to role sessions started from now on."
        case "deleted": "The permission set and its assignments were deleted."
        default: nil
        }
    }
}
