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
    ///
    /// An owner is held to the account's bounds, read inside the write so a change of bounds cannot slip
    /// between the check and the assignments: anything outside them (a crafted POST included) is a 403
    /// with the page and the reason beside the field, and nothing is written.
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
            return try accountPage(account, role: access.role, request: request, form: form, status: .unprocessableContent)
        }
        let principals: [(principal: Principal, name: DirectoryFile.PrincipalName)] =
            users.users.map { (.user($0.id), .user(email: $0.email)) } + groups.map { (.group($0.id), .group(name: $0.name)) }
        let created: [String]
        do {
            created = try database.write { db in
                if access.role == .owner,
                    let refusal = try AccountOwnerBounds.load(account, db: db).refusal(users: users.users, groups: groups, sets: sets)
                {
                    throw refusal
                }
                let store = AssignmentStore(db)
                var created: [String] = []
                for set in sets {
                    for (principal, name) in principals {
                        let assignment = Assignment(principal: principal, accountID: account.id, permissionSetID: set.id)
                        guard try !store.exists(assignment) else { continue }
                        try store.create(assignment)
                        created.append(
                            try audit("assignment.create", name, account: account, set: set, by: access, request: request, db: db))
                    }
                }
                return created
            }
        } catch let refusal as AccountOwnerBounds.Refusal {
            // The write rolled back; the refusal is recorded in its own, so admins see owners trying past their bounds.
            try database.write { db in
                try authentication.audit(
                    "assignment.create", actor: access.user.user.email, target: account.id, outcome: .failure, request: request, db: db,
                    details: [
                        "account": .string(account.id), "account_name": .string(account.name), "by_owner": .bool(true),
                        "reason": .string("outside_owner_bounds"), "refused": .string(refusal.reason),
                        "permission_sets": .array(sets.map { .string($0.name) }), "users": .array(users.users.map { .string($0.email) }),
                        "groups": .array(groups.map { .string($0.name) }),
                    ])
            }
            form.errors[refusal.field] = refusal.reason
            return try accountPage(account, role: access.role, request: request, form: form, status: .forbidden)
        }
        notifyAdmins(of: access, "added", created, account: account)
        let skipped = principals.count * sets.count - created.count
        return try back(to: account.id, done: "assignments-added", extra: "&added=\(created.count)&skipped=\(skipped)")
    }

    /// Asks before removing the assignment the query names (the row's Remove button is a GET form).
    func confirmRemoveAssignment(_ request: Request) throws -> HTTPResponse {
        let account = try findAccount(request.parameters["id"] ?? "")
        let assignment = try Self.assignment(in: try request.query, of: account)
        return try removalConfirmation(assignment, account: account).response(pages, request: request)
    }

    /// Offloaded. Removes one assignment of this account, named by the hidden fields of its confirmation
    /// page; without `confirm=yes` it asks first.
    func removeAssignment(_ request: Request) throws -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let access = try request.accountManager()
        let account = try findAccount(id)
        let form = try request.form()
        let assignment = try Self.assignment(in: form, of: account)
        guard Confirmation.isConfirmed(form) else {
            return try removalConfirmation(assignment, account: account).response(pages, request: request)
        }
        let principal = assignment.principal
        let removed = try database.write { db -> String? in
            guard try AssignmentStore(db).exists(assignment),
                let set = try PermissionSetStore(db).find(id: assignment.permissionSetID),
                let name = try Self.principalName(principal, db: db)
            else { return nil }
            try AssignmentStore(db).delete(assignment)
            return try audit("assignment.delete", name, account: account, set: set, by: access, request: request, db: db)
        }
        guard let removed else { throw HTTPError(.notFound, "This account has no such assignment; it may have been removed already.") }
        notifyAdmins(of: access, "removed", [removed], account: account)
        return try back(to: account.id, done: "assignment-removed")
    }

    // MARK: Steps

    /// The assignment of `account` that a remove form's fields name.
    private static func assignment(in form: FormData, of account: Account) throws -> Assignment {
        guard let principal = Principal(type: form["principal_type"] ?? "", id: form["principal_id"] ?? "") else {
            throw HTTPError(.badRequest, "The assignment to remove names neither a user nor a group.")
        }
        return Assignment(principal: principal, accountID: account.id, permissionSetID: form["permission_set_id"] ?? "")
    }

    /// "Remove ReadOnlyAccess in shop-prod from Alice Liddell?", with who loses what; a 404 when the
    /// assignment is gone already, as the removal itself answers.
    private func removalConfirmation(_ assignment: Assignment, account: Account) throws -> Confirmation {
        let found = try database.read { db -> (set: PermissionSet, who: String, members: Int?)? in
            guard try AssignmentStore(db).exists(assignment), let set = try PermissionSetStore(db).find(id: assignment.permissionSetID)
            else { return nil }
            switch assignment.principal {
            case .user(let id):
                guard let user = try UserStore(db).find(id: id) else { return nil }
                return (set, "\(user.displayName) (\(user.email))", nil)
            case .group(let id):
                guard let group = try GroupStore(db).find(id: id) else { return nil }
                return (set, "the group \(group.name)", try GroupStore(db).members(groupID: id, limit: 1).total)
            }
        }
        guard let found else {
            throw HTTPError(.notFound, "This account has no such assignment; it may have been removed already.")
        }
        let (set, who) = (found.set, found.who)
        let subject =
            found.members.map { "Its \(Confirmation.counted($0, "member", "members")) can" } ?? "They can"
        return Confirmation(
            title: "Remove \(set.name) in \(account.name) from \(who)?",
            effects: [
                "Removes the assignment of permission set \(set.name) in AWS account \(account.name) (\(account.id)) from \(who).",
                "\(subject) no longer open it from the portal or the command line, unless another assignment grants the same permission set there.",
                "AWS console sessions and credentials already handed out last until they expire.",
            ],
            action: "/admin/accounts/\(account.id)/assignments/remove",
            fields: [
                ("principal_type", assignment.principal.type), ("principal_id", assignment.principal.id),
                ("permission_set_id", assignment.permissionSetID),
            ],
            button: "Remove assignment", cancelPath: "/admin/accounts/\(account.id)", section: .accounts)
    }

    /// Tells the notification webhook of an owner's change when the settings ask for it; the post goes out
    /// on the notifier's own queue, so the request never waits for the webhook. The change is stored by
    /// then, so a settings read that fails costs only the notification.
    private func notifyAdmins(of manager: AccountManager, _ verb: String, _ assignments: [String], account: Account) {
        guard manager.role == .owner, !assignments.isEmpty, let notifier,
            (try? database.read({ try SettingsStore($0).ownerSettings() }))?.notifyOwnerChanges == true
        else { return }
        notifier.ownerChanged(
            "\(manager.user.user.email), an owner of AWS account \(account.name) (\(account.id)), \(verb) "
                + (assignments.count == 1 ? "an assignment: " : "\(assignments.count) assignments: ") + assignments.joined(separator: "; "))
    }

    /// An assignment event names the assignment as `portico apply` does (`111111111111 ReadOnlyAccess
    /// user:alice@example.com`), so the audit log reads the same whichever way access changed. An owner's
    /// change names the owner as actor and says `by_owner`. Returns the assignment's name.
    @discardableResult
    private func audit(
        _ action: String, _ principal: DirectoryFile.PrincipalName, account: Account, set: PermissionSet, by manager: AccountManager,
        request: Request, db: Connection
    ) throws -> String {
        let entry = DirectoryFile.AssignmentEntry(account: account.id, permissionSet: set.name, principal: principal)
        var details: [String: JSONNode] = [
            "account": .string(account.id), "account_name": .string(account.name), "permission_set": .string(set.name),
            "by": .string(manager.role == .admin ? "admin" : "owner"), "by_owner": .bool(manager.role == .owner),
        ]
        switch principal {
        case .user(let email): details["user"] = .string(email)
        case .group(let name): details["group"] = .string(name)
        }
        try authentication.audit(action, actor: manager.user.user.email, target: entry.key, request: request, db: db, details: details)
        return entry.key
    }

    private static func principalName(_ principal: Principal, db: Connection) throws -> DirectoryFile.PrincipalName? {
        switch principal {
        case .user(let id): try UserStore(db).find(id: id).map { .user(email: $0.email) }
        case .group(let id): try GroupStore(db).find(id: id).map { .group(name: $0.name) }
        }
    }
}
