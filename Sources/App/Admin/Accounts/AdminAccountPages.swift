import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/accounts`: admins list, create, edit and delete AWS accounts; an account's page is where its
/// assignments are added and removed (see `AdminAccountPages+Assignments.swift`).
///
/// An account's owners who are not admins see the list of their own accounts and each one's page, read-only
/// except for its assignments; `RequireAccountManager` decides that from the database on every request.
struct AdminAccountPages: Sendable {
    static let noSuchAccount = "There is no account with that id."
    /// The most assignments an account's page lists.
    static let assignmentRowLimit = 1_000
    /// The most groups and permission sets the "add assignments" form offers.
    static let choiceLimit = 2_000

    let pages: PageRenderer
    let authentication: Authentication
    /// Tells the admins' webhook of owners' changes, when the settings ask for it.
    var notifier: ProvisioningNotifier? = nil
    /// Portico's base URL, which the AWS setup downloads build the SAML metadata from; nil where no page shows them.
    var baseURL: String? = nil

    var database: Database { authentication.database }

    // MARK: List

    /// Admins get the whole list with search, sort and pages; an owner gets the accounts they own; anyone else 403.
    func list(_ request: Request) throws -> HTTPResponse {
        let manager = try request.accountManager()
        let list = try AdminListQuery(request, path: "/admin/accounts", defaultSort: AccountStore.Sort.name)
        let page: Page<Account>
        if manager.role == .admin {
            page = try database.read { try AccountStore($0).list(list.storeQuery) }
        } else {
            let owned = try database.read { try AccountStore($0).accounts(ownedBy: manager.user.user.id) }
            page = Page(items: owned, total: owned.count)
        }
        let rows: [TemplateValue] = page.items.map { account in
            let row: TemplateObject = [
                "id": account.id, "name": account.name, "email": account.email, "ou": account.ouPath,
                "environment": account.environment, "environmentClass": EnvironmentBadge.cssClass(account.environment),
            ]
            return row.templateValue
        }
        var values: TemplateObject = ["accounts": rows, "hasAccounts": !rows.isEmpty, "isAdmin": manager.role == .admin]
        if try request.query["done"] == "deleted" { values["flash"] = .flash("The account was deleted.") }
        if manager.role == .admin { values = values.merging(list.templateValues(total: page.total)) }
        return try pages.page("pages/admin-accounts", request: request, values.merging(AdminSection.accounts.templateValues))
    }

    // MARK: Show

    func show(_ request: Request) throws -> HTTPResponse {
        let id = request.parameters["id"] ?? ""
        let access = try request.accountManager()
        let account = try findAccount(id)
        var values = TemplateObject()
        if let message = try Self.doneMessage(request.query) { values["flash"] = .flash(message) }
        return try accountPage(account, role: access.role, request: request, values)
    }

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        return try formPage(AccountForm(), account: nil, request: request)
    }

    /// Offloaded.
    func create(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = AccountForm(try request.form(), id: nil)
        let owners = try database.read { try form.owners.resolve($0) }
        guard let account = form.account(ownerIDs: owners.users.map(\.id), unknownOwners: owners.unknown) else {
            return try formPage(form, account: nil, request: request, status: .unprocessableContent)
        }
        do {
            let snapshot = AuditSnapshot.account(account, ownerEmails: owners.users.map(\.email))
            try authentication.recordChange(
                "account.create", by: admin, target: account.id, request: request,
                details: AuditSnapshot.change(before: nil, after: snapshot)
            ) { db in
                try AccountStore(db).create(account)
            }
        } catch StoreError.duplicate(field: "id") {
            form.errors["id"] = "An account with this id already exists."
            return try formPage(form, account: nil, request: request, status: .unprocessableContent)
        } catch let error as ValidationErrors {
            // The route, checked against the other accounts inside the write.
            form.add(error.errors)
            return try formPage(form, account: nil, request: request, status: .unprocessableContent)
        }
        return try back(to: account.id, done: "created")
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        let account = try findAccount(request.parameters["id"] ?? "")
        let ownerEmails = try database.read { try UserStore($0).find(ids: account.owners).map(\.email) }
        return try formPage(AccountForm(account, ownerEmails: ownerEmails), account: account, request: request)
    }

    /// Offloaded. The id cannot change: it is the account's identity at AWS and what assignments hang on.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let before = try findAccount(request.parameters["id"] ?? "")
        var form = AccountForm(try request.form(), id: before.id)
        let (owners, ownerEmailsBefore) = try database.read { db in
            (try form.owners.resolve(db), try UserStore(db).find(ids: before.owners).map(\.email))
        }
        guard let after = form.account(ownerIDs: owners.users.map(\.id), unknownOwners: owners.unknown) else {
            return try formPage(form, account: before, request: request, status: .unprocessableContent)
        }
        do {
            let (snapshotBefore, snapshotAfter) = (
                AuditSnapshot.account(before, ownerEmails: ownerEmailsBefore),
                AuditSnapshot.account(after, ownerEmails: owners.users.map(\.email))
            )
            try authentication.recordChange(
                "account.update", by: admin, target: after.id, request: request,
                details: AuditSnapshot.change(before: snapshotBefore, after: snapshotAfter)
            ) { db in
                try AccountStore(db).update(after)
            }
        } catch StoreError.notFound {
            throw HTTPError(.notFound, Self.noSuchAccount)
        } catch let error as ValidationErrors {
            form.add(error.errors)
            return try formPage(form, account: before, request: request, status: .unprocessableContent)
        }
        return try back(to: after.id, done: "updated")
    }

    // MARK: Delete

    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        try deletePage(try findAccount(request.parameters["id"] ?? ""), request: request)
    }

    /// The confirmation, or why the account cannot go: a jump account stays while accounts are reached through it.
    private func deletePage(_ account: Account, request: Request, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let (assignments, reached) = try database.read { db in
            let store = AccountStore(db)
            return (
                try AssignmentStore(db).named(.init(accountID: account.id)),
                try store.accountIDs(reachedThrough: account.id).compactMap { try store.find(id: $0) }
            )
        }
        let values: TemplateObject = [
            "account": ["id": account.id, "name": account.name] as TemplateObject, "assignmentCount": assignments.total,
            "ownerCount": account.owners.count, "isInUse": assignments.total + account.owners.count > 0,
            "assignmentTable": AssignmentTable(assignments, from: .account).templateValue,
            "reachedAccounts": reached.map { ["id": $0.id, "name": $0.name] as TemplateObject }, "isJumpAccount": !reached.isEmpty,
        ]
        return try pages.page(
            "pages/admin-account-delete", request: request, values.merging(AdminSection.accounts.templateValues), status: status)
    }

    /// Offloaded. Its assignments and ownerships go with it (the schema cascades); a jump account still in use stays.
    func delete(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let account = try findAccount(request.parameters["id"] ?? "")
        do {
            try authentication.recordChange("account.delete", by: admin, target: account.id, request: request) { db in
                let assignments = try AssignmentStore(db).count(.init(accountID: account.id))
                let ownerEmails = try UserStore(db).find(ids: account.owners).map(\.email)
                try AccountStore(db).delete(id: account.id)
                var details = AuditSnapshot.change(before: AuditSnapshot.account(account, ownerEmails: ownerEmails), after: nil)
                details["assignments_removed"] = .number(Double(assignments))
                return details
            }
        } catch is ValidationErrors {
            return try deletePage(account, request: request, status: .conflict)
        }
        return try HTTPResponse.redirect(toPath: "/admin/accounts?done=deleted")
    }

    // MARK: Shared steps

    func findAccount(_ id: String) throws -> Account {
        guard let account = try database.read({ try AccountStore($0).find(id: id) }) else {
            throw HTTPError(.notFound, Self.noSuchAccount)
        }
        return account
    }

    /// The account's page: its fields, owners, assignments and the form to add more, with `form`'s picks
    /// and reasons after a refused "add". An owner sees no edit or delete buttons and no links into pages
    /// they may not open, only the choices their bounds allow, and a sentence stating the bounds.
    func accountPage(
        _ account: Account, role: AccountManager.Role, request: Request, _ extra: TemplateObject = [:],
        form: AssignmentForm = AssignmentForm(), status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let (owners, assignments, allGroups, allSets, bounds) = try database.read { db in
            (
                try UserStore(db).find(ids: account.owners),
                try AssignmentStore(db).named(.init(accountID: account.id), limit: Self.assignmentRowLimit),
                try GroupStore(db).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items.map(\.group),
                try PermissionSetStore(db).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items,
                try AccountOwnerBounds.load(account, db: db)
            )
        }
        let isOwner = role == .owner
        let groups = isOwner && !bounds.offersGroups ? [] : allGroups
        let sets = isOwner ? allSets.filter(bounds.offers) : allSets
        let (picked, ticked) = (Set(form.groupIDs), Set(form.permissionSetIDs))
        let (jump, reached) = try database.read { db in
            let store = AccountStore(db)
            return (
                try account.reachedThrough.flatMap { try store.find(id: $0.accountID) },
                try store.accountIDs(reachedThrough: account.id).compactMap { try store.find(id: $0) }
            )
        }
        let isAdmin = role == .admin
        let (sync, syncStates) = try database.read { db in
            (
                try AccountSyncPages.templateValues(accountID: account.id, db: db),
                AssignmentTable.syncStates(try ProvisioningStore(db).statuses(accountID: account.id))
            )
        }
        var table = AssignmentTable(assignments, from: .account, links: isAdmin, canRemove: true)
        table.syncStates = syncStates
        let values: TemplateObject = [
            "account": [
                "id": account.id, "name": account.name, "email": account.email, "ou": account.ouPath,
                "environment": account.environment, "environmentClass": EnvironmentBadge.cssClass(account.environment),
            ] as TemplateObject,
            "route": account.reachedThrough.map { route in
                [
                    "accountID": route.accountID, "accountName": jump?.name ?? "", "roleName": route.roleName ?? "",
                ] as TemplateObject
            }.templateValue,
            "reachedAccounts": reached.map { ["id": $0.id, "name": $0.name] as TemplateObject }, "isJumpAccount": !reached.isEmpty,
            "owners": owners.map { ["id": $0.id, "email": $0.email, "displayName": $0.displayName] as TemplateObject },
            "hasOwners": !owners.isEmpty, "isAdmin": isAdmin,
            // AWS would trust metadata naming a local address: say so before anyone downloads the setup.
            "localBaseURL": baseURL.flatMap { SetupChecklist.isPublic($0) ? nil : TemplateValue.string($0) } ?? false,
            "assignmentTable": table.templateValue,
            "groupChoices": groups.map { ["id": $0.id, "name": $0.name, "selected": picked.contains($0.id)] as TemplateObject },
            "hasGroupChoices": !groups.isEmpty, "offersGroups": !isOwner || bounds.offersGroups,
            "offersUsers": !isOwner || bounds.offersUsers,
            "permissionSetChoices": sets.map { ["id": $0.id, "name": $0.name, "checked": ticked.contains($0.id)] as TemplateObject },
            "hasPermissionSetChoices": !sets.isEmpty,
            "ownerBounds": bounds.sentence(subject: isOwner ? "As an owner you" : "Its owners"),
            "hasNoOwnerBounds": bounds.bounds == nil,
        ]
        return try pages.page(
            "pages/admin-account", request: request,
            values.merging(form.templateValues).merging(AdminSection.accounts.templateValues).merging(sync).merging(extra), status: status)
    }

    /// The account form; when editing, with the owner bounds form below it, filled from `bounds` or the stored bounds.
    func formPage(
        _ form: AccountForm, account: Account?, request: Request, bounds: OwnerBoundsForm? = nil, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        var values: TemplateObject = [
            "isNew": account == nil, "action": AdminSection.accounts.formAction(editing: account?.id),
            "account": account.map { ["id": $0.id, "name": $0.name] as TemplateObject }.templateValue,
        ]
        if let account {
            let (stored, sets, effective) = try database.read { db in
                (
                    try OwnerBoundsStore(db).find(.account(account.id)),
                    try PermissionSetStore(db).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items,
                    try AccountOwnerBounds.load(account, db: db)
                )
            }
            values = values.merging((bounds ?? OwnerBoundsForm(stored)).templateValues(sets: sets))
            values["ownerBounds"] = .string(effective.sentence(subject: "Its owners"))
        }
        return try pages.page(
            "pages/admin-account-form", request: request,
            values.merging(form.templateValues).merging(AdminSection.accounts.templateValues), status: status)
    }

    func back(to accountID: String, done: String, extra: String = "") throws -> HTTPResponse {
        try AdminSection.accounts.back(to: accountID, done: done, extra: extra)
    }

    /// The message for a `done` code; unknown codes show nothing, and counts are read as numbers only.
    static func doneMessage(_ query: FormData) -> String? {
        switch query["done"] {
        case "created": return "The account was created. Add its assignments below."
        case "updated": return "The account was saved."
        case "assignment-removed": return "The assignment was removed."
        case "owner-bounds-saved": return "The owner bounds were saved."
        case "sync-enabled": return "Portico keeps this account in sync from now on; the first attempt starts in a few seconds."
        case "sync-disabled": return "Portico no longer keeps this account in sync. What it created in AWS stays."
        case "sync-requested": return "An attempt starts in a few seconds; reload this page to see its result."
        case "assignments-added":
            return AdminSection.addedMessage(
                query, one: "1 assignment was created", many: { "\($0) assignments were created" }, skipped: { "\($0) existed already" })
        default: return nil
        }
    }
}
