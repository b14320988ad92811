import Directory
import Domain
import JSON
import SQLite
import Storage
import TemplateEngine
import Web

/// Adding and removing an account's assignments: by admins, and by the account's owners.
extension AdminAccountPages {
    /// Offloaded. Assigns every picked permission set to every named user and picked group; pairs that
    /// exist already are skipped. Unknown emails or vanished choices re-render the page with the reason
    /// beside the field and nothing written. One audit event per assignment created.
    func addAssignments(_ request: Request) throws -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let access = try request.accountManager()
        let account = try findAccount(id)
        var form = AssignmentForm(try request.form())
        let (users, groups, sets) = try database.read { db in
            let groupStore = GroupStore(db)
            let setStore = PermissionSetStore(db)
            return (
                try form.users.resolve(db), try form.groupIDs.compactMap { try groupStore.find(id: $0) },
                try form.permissionSetIDs.compactMap { try setStore.find(id: $0) }
            )
        }
        guard form.check(unknownUsers: users.unknown, groups: groups, sets: sets) else {
            return try accountPage(account, role: access.role, request: request, rerender(form), status: .unprocessableContent)
        }
        let principals: [(principal: Principal, name: DirectoryFile.PrincipalName)] =
            users.users.map { (.user($0.id), .user(email: $0.email)) } + groups.map { (.group($0.id), .group(name: $0.name)) }
        let created = try database.write { db in
            let store = AssignmentStore(db)
            var created = 0
            for set in sets {
                for (principal, name) in principals {
                    let assignment = Assignment(principal: principal, accountID: account.id, permissionSetID: set.id)
                    guard try !store.exists(assignment) else { continue }
                    try store.create(assignment)
                    try audit("assignment.create", name, account: account, set: set, by: access, request: request, db: db)
                    created += 1
                }
            }
            return created
        }
        let skipped = principals.count * sets.count - created
        return try back(to: account.id, done: "assignments-added", extra: "&added=\(created)&skipped=\(skipped)")
    }

    /// Offloaded. Removes one assignment of this account, named by the hidden fields of its row.
    func removeAssignment(_ request: Request) throws -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let access = try request.accountManager()
        let account = try findAccount(id)
        let form = try request.form()
        guard let principal = Principal(type: form["principal_type"] ?? "", id: form["principal_id"] ?? "") else {
            throw HTTPError(.badRequest, "The assignment to remove names neither a user nor a group.")
        }
        let assignment = Assignment(principal: principal, accountID: account.id, permissionSetID: form["permission_set_id"] ?? "")
        let removed = try database.write { db -> Bool in
            guard try AssignmentStore(db).exists(assignment),
                let set = try PermissionSetStore(db).find(id: assignment.permissionSetID),
                let name = try Self.principalName(principal, db: db)
            else { return false }
            try AssignmentStore(db).delete(assignment)
            try audit("assignment.delete", name, account: account, set: set, by: access, request: request, db: db)
            return true
        }
        guard removed else { throw HTTPError(.notFound, "This account has no such assignment; it may have been removed already.") }
        return try back(to: account.id, done: "assignment-removed")
    }

    // MARK: Steps

    /// The page's values after a refused "add": the typed emails and the picks kept, with the reasons.
    private func rerender(_ form: AssignmentForm) throws -> TemplateObject {
        let (groups, sets) = try database.read { db in
            (
                try GroupStore(db).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items.map(\.group),
                try PermissionSetStore(db).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items
            )
        }
        let picked = Set(form.groupIDs)
        let ticked = Set(form.permissionSetIDs)
        let values: TemplateObject = [
            "groupChoices": groups.map { ["id": $0.id, "name": $0.name, "selected": picked.contains($0.id)] as TemplateObject },
            "permissionSetChoices": sets.map { ["id": $0.id, "name": $0.name, "checked": ticked.contains($0.id)] as TemplateObject },
        ]
        return values.merging(form.templateValues)
    }

    /// An assignment event names the assignment as `portico apply` does (`111111111111 ReadOnlyAccess
    /// user:alice@example.com`), so the audit log reads the same whichever way access changed.
    private func audit(
        _ action: String, _ principal: DirectoryFile.PrincipalName, account: Account, set: PermissionSet, by manager: AccountManager,
        request: Request, db: Connection
    ) throws {
        let entry = DirectoryFile.AssignmentEntry(account: account.id, permissionSet: set.name, principal: principal)
        var details: [String: JSONNode] = [
            "account": .string(account.id), "account_name": .string(account.name), "permission_set": .string(set.name),
            "by": .string(manager.role == .admin ? "admin" : "owner"),
        ]
        switch principal {
        case .user(let email): details["user"] = .string(email)
        case .group(let name): details["group"] = .string(name)
        }
        try authentication.audit(action, actor: manager.user.user.email, target: entry.key, request: request, db: db, details: details)
    }

    private static func principalName(_ principal: Principal, db: Connection) throws -> DirectoryFile.PrincipalName? {
        switch principal {
        case .user(let id): try UserStore(db).find(id: id).map { .user(email: $0.email) }
        case .group(let id): try GroupStore(db).find(id: id).map { .group(name: $0.name) }
        }
    }
}
