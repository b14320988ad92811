import Directory
import Domain
import JSON
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// Creating, editing and deleting users, and what the user page shows of the directory: groups, owned
/// accounts, direct assignments and effective access.
extension AdminUserPages {
    /// The most rows the user page shows of direct assignments and of effective access.
    static let accessRowLimit = 500

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        return try formPage(UserForm(), user: nil, request: request)
    }

    /// Offloaded. The user starts without a password: the admin sets one or hands out a reset link next.
    func create(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = UserForm(try request.form())
        guard let user = form.applied(to: User(email: "", displayName: "")) else {
            return try formPage(form, user: nil, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange(
                "user.create", by: admin, target: user.id, request: request,
                details: AuditSnapshot.change(before: nil, after: AuditSnapshot.user(user))
            ) { db in
                try UserStore(db).create(user)
            }
        } catch StoreError.duplicate(field: "email") {
            form.errors["email"] = "Another user already has this email."
            return try formPage(form, user: nil, request: request, status: .unprocessableContent)
        }
        return try back(to: user, done: "created")
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        let user = try findUser(request)
        return try formPage(UserForm(user), user: user, request: request)
    }

    /// Offloaded. An admin cannot take away their own admin flag: nobody else might be left to give it back.
    /// A provisioned user's sign-in name and names are refused (`UserForm`): their identity provider owns them.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let before = try findUser(request)
        var form = UserForm(try request.form())
        if before.id == admin.user.id && !form.isAdmin { form.errors["is_admin"] = "You cannot remove your own admin rights." }
        guard form.applied(to: before) != nil else {
            return try formPage(form, user: before, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange("user.update", by: admin, target: before.id, request: request) { db in
                // Applied again to the user as stored now: the identity provider may have written since the
                // page read it, and what it wrote (a deactivation above all) must not be undone by that copy.
                guard let current = try UserStore(db).find(id: before.id) else { throw StoreError.notFound }
                var again = form
                guard let after = again.applied(to: current) else {
                    throw HTTPError(
                        .conflict, "This user changed while you were editing them: open the form again to see what is stored now.")
                }
                try UserStore(db).update(after)
                return AuditSnapshot.change(before: AuditSnapshot.user(current), after: AuditSnapshot.user(after))
            }
        } catch StoreError.duplicate(field: "email") {
            form.errors["email"] = "Another user already has this email."
            return try formPage(form, user: before, request: request, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw HTTPError(.notFound, Self.noSuchUser)
        }
        return try back(to: before, done: "updated")
    }

    // MARK: Delete

    /// What deleting the user takes with it, so the admin confirms knowingly.
    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        let user = try deletableUser(request)
        return try deletePage(user, request: request)
    }

    /// Offloaded. Sessions, credentials, memberships, ownerships and direct assignments go with the user
    /// (the schema cascades), all in the one transaction with the audit event.
    func delete(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try deletableUser(request)
        try authentication.database.write { db in
            let consequences = try Self.consequences(of: user, now: authentication.clock.epochSeconds, db: db)
            try UserStore(db).delete(id: user.id)
            try authentication.audit(
                "user.delete", actor: admin.user.email, target: user.id, request: request, db: db,
                details: AuditSnapshot.change(before: AuditSnapshot.user(user), after: nil).merging(consequences.auditDetails) { $1 })
        }
        return try HTTPResponse.redirect(toPath: "/admin/users?done=deleted")
    }

    /// The user the path names, unless the admin may not delete them: themselves (that would lock the door
    /// behind them), or a user their identity provider owns (it would only provision them again).
    private func deletableUser(_ request: Request) throws -> User {
        let admin = try request.admin()
        let user = try findUser(request)
        guard user.id != admin.user.id else { throw HTTPError(.conflict, "You cannot delete your own account.") }
        guard !user.source.isProviderOwned else {
            throw DirectorySource.providerOwns("this user", "unassign or delete them there, and Portico follows.")
        }
        return user
    }

    // MARK: Pages

    private func formPage(_ form: UserForm, user: User?, request: Request, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let values: TemplateObject = [
            "isNew": user == nil, "action": AdminSection.users.formAction(editing: user?.id),
            "user": user.map(Self.providerValues).templateValue, "isProvisioned": user?.source.isProviderOwned ?? false,
            "providerAttributeKeys": UserForm.providerAttributeKeys.map { TemplateValue.string($0) },
        ]
        return try pages.page(
            "pages/admin-user-form", request: request,
            values.merging(form.templateValues).merging(AdminSection.users.templateValues), status: status)
    }

    /// What the form shows of the user as stored: for a provisioned one, the fields only its identity
    /// provider changes, as text.
    private static func providerValues(_ user: User) -> TemplateObject {
        let owned = user.attributes.filter { UserForm.isProviderAttribute($0.key, of: user) }.sorted { $0.key < $1.key }
        let values: TemplateObject = [
            "id": user.id, "email": user.email, "displayName": user.displayName, "givenName": user.givenName,
            "familyName": user.familyName, "providerAttributes": owned.map { ["key": $0.key, "value": $0.value] as TemplateObject },
            "hasProviderAttributes": !owned.isEmpty,
        ]
        return values.merging(user.source.templateValues)
    }

    private func deletePage(_ user: User, request: Request) throws -> HTTPResponse {
        let consequences = try authentication.database.read {
            try Self.consequences(of: user, now: authentication.clock.epochSeconds, db: $0)
        }
        let values: TemplateObject = [
            "user": ["id": user.id, "email": user.email, "displayName": user.displayName] as TemplateObject,
            "sessions": consequences.sessions, "groups": consequences.groupNames, "groupCount": consequences.groupNames.count,
            "assignments": consequences.assignments, "ownedAccounts": consequences.ownedAccounts.map { "\($0.name) (\($0.id))" },
            "ownedAccountCount": consequences.ownedAccounts.count,
            "isInUse": consequences.sessions + consequences.groupNames.count + consequences.assignments
                + consequences.ownedAccounts.count > 0,
        ]
        return try pages.page(
            "pages/admin-user-delete", request: request, values.merging(AdminSection.users.templateValues))
    }

    /// What goes with a user: active sessions, memberships, direct assignments and account ownerships.
    struct Consequences {
        var sessions: Int
        var groupNames: [String]
        var assignments: Int
        var ownedAccounts: [Account]

        var auditDetails: [String: JSONNode] {
            [
                "sessions_ended": .number(Double(sessions)), "groups": .strings(groupNames),
                "assignments_removed": .number(Double(assignments)), "owned_accounts": .strings(ownedAccounts.map(\.id)),
            ]
        }
    }

    static func consequences(of user: User, now: Int, db: Connection) throws -> Consequences {
        Consequences(
            sessions: try SessionStore(db).activeCount(userID: user.id, now: now),
            groupNames: try GroupStore(db).groups(ofUser: user.id).map(\.name),
            assignments: try AssignmentStore(db).count(.init(principal: .user(user.id))),
            ownedAccounts: try AccountStore(db).accounts(ownedBy: user.id))
    }

    /// The user page's directory part: groups, owned accounts, direct assignments and effective access.
    func directoryValues(of user: User) throws -> TemplateObject {
        let (groups, owned, direct, access) = try authentication.database.read { db in
            (
                try GroupStore(db).groups(ofUser: user.id), try AccountStore(db).accounts(ownedBy: user.id),
                try AssignmentStore(db).named(.init(principal: .user(user.id)), limit: Self.accessRowLimit),
                try AssignmentStore(db).effectiveAccess(for: user.id)
            )
        }
        let groupIDs = Dictionary(groups.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let accessRows: [TemplateValue] = access.prefix(Self.accessRowLimit).map { pair in
            let via: [TemplateValue] = pair.groupNames.map { name in
                let group: TemplateObject = ["name": name, "href": groupIDs[name].map { "/admin/groups/" + $0 }.templateValue]
                return group.templateValue
            }
            let row: TemplateObject = [
                "accountID": pair.accountID, "accountName": pair.accountName, "permissionSetID": pair.permissionSetID,
                "permissionSetName": pair.permissionSetName, "isDirect": pair.isDirect, "groups": via,
            ]
            return row.templateValue
        }
        return [
            "groups": groups.map { ["id": $0.id, "name": $0.name] as TemplateObject }, "hasGroups": !groups.isEmpty,
            "ownedAccounts": owned.map { ["id": $0.id, "name": $0.name] as TemplateObject }, "hasOwnedAccounts": !owned.isEmpty,
            "assignmentTable": AssignmentTable(direct, from: .principal).templateValue,
            "effectiveAccess": accessRows, "hasEffectiveAccess": !accessRows.isEmpty, "effectiveAccessCount": access.count,
            "isEffectiveAccessTruncated": access.count > accessRows.count,
        ]
    }
}
