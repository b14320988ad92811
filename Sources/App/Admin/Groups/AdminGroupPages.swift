import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/groups`: admins list, create, edit and delete groups, add several members at once and remove
/// them, and see the group's assignments (which are managed on each account's page).
///
/// Every change and its audit event commit in one transaction.
struct AdminGroupPages: AdminResourcePages {
    static let noSuchGroup = "There is no group with that id."
    static let membersPageSize = 100

    let pages: PageRenderer
    let authentication: Authentication

    private var database: Database { authentication.database }

    // MARK: List

    func list(_ request: Request) throws -> HTTPResponse {
        let list = try AdminListQuery(request, path: "/admin/groups", defaultSort: GroupStore.Sort.name)
        let page = try database.read { try GroupStore($0).list(list.storeQuery) }
        let rows: [TemplateValue] = page.items.map { item in
            let row: TemplateObject = [
                "id": item.group.id, "name": item.group.name, "description": item.group.description, "memberCount": item.memberCount,
            ]
            return row.merging(item.group.source.templateValues).templateValue
        }
        var values: TemplateObject = ["groups": rows, "hasGroups": !rows.isEmpty]
        if try request.query["done"] == "deleted" { values["flash"] = .flash("The group was deleted.") }
        return try pages.page(
            "pages/admin-groups", request: request,
            values.merging(list.templateValues(total: page.total)).merging(AdminSection.groups.templateValues))
    }

    // MARK: Show

    func show(_ request: Request) throws -> HTTPResponse {
        let group = try findGroup(request)
        var values = TemplateObject()
        if let message = try Self.doneMessage(request.query) { values["flash"] = .flash(message) }
        return try groupPage(group, request: request, values)
    }

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        return try formPage(GroupForm(), group: nil, request: request)
    }

    /// Offloaded.
    func create(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = GroupForm(try request.form())
        guard let group = form.applied(to: Group(name: "")) else {
            return try formPage(form, group: nil, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange(
                "group.create", by: admin, target: group.id, request: request,
                details: AuditSnapshot.change(before: nil, after: AuditSnapshot.group(group))
            ) { db in
                try GroupStore(db).create(group)
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another group already has this name."
            return try formPage(form, group: nil, request: request, status: .unprocessableContent)
        }
        return try back(to: group, done: "created")
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        let group = try findGroup(request)
        return try formPage(GroupForm(group), group: group, request: request)
    }

    /// Offloaded. A provisioned group's name is refused (`GroupForm`): its identity provider owns it.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let before = try findGroup(request)
        var form = GroupForm(try request.form())
        guard form.applied(to: before) != nil else {
            return try formPage(form, group: before, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange("group.update", by: admin, target: before.id, request: request) { db in
                // Applied again to the group as stored now, so a rename the identity provider made since the
                // page read it is not undone.
                guard let current = try GroupStore(db).find(id: before.id) else { throw StoreError.notFound }
                var again = form
                guard let after = again.applied(to: current) else {
                    throw HTTPError(
                        .conflict, "This group changed while you were editing it: open the form again to see what is stored now.")
                }
                try GroupStore(db).update(after)
                if after.mfaRule != current.mfaRule { try GroupStore(db).setMFARule(groupID: after.id, rule: after.mfaRule) }
                return AuditSnapshot.change(before: AuditSnapshot.group(current), after: AuditSnapshot.group(after))
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "Another group already has this name."
            return try formPage(form, group: before, request: request, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw HTTPError(.notFound, Self.noSuchGroup)
        }
        return try back(to: before, done: "updated")
    }

    // MARK: Delete

    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        let group = try findGroup(request, refusingProvisionedWith: Self.providerOwnsGroup)
        let (members, assignments) = try database.read { db in
            (
                try GroupStore(db).members(groupID: group.id, limit: 0).total,
                try AssignmentStore(db).named(.init(principal: .group(group.id)))
            )
        }
        let values: TemplateObject = [
            "group": ["id": group.id, "name": group.name] as TemplateObject, "memberCount": members,
            "assignmentCount": assignments.total, "assignmentTable": AssignmentTable(assignments, from: .principal).templateValue,
            "isInUse": members + assignments.total > 0,
        ]
        return try pages.page("pages/admin-group-delete", request: request, values.merging(AdminSection.groups.templateValues))
    }

    /// Offloaded. Memberships and the group's assignments go with it (the schema cascades); members keep
    /// whatever they hold directly or through other groups.
    func delete(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let group = try findGroup(request, refusingProvisionedWith: Self.providerOwnsGroup)
        try authentication.recordChange("group.delete", by: admin, target: group.id, request: request) { db in
            let members = try GroupStore(db).members(groupID: group.id, limit: 0).total
            let assignments = try AssignmentStore(db).count(.init(principal: .group(group.id)))
            try GroupStore(db).delete(id: group.id)
            var details = AuditSnapshot.change(before: AuditSnapshot.group(group), after: nil)
            details["members_removed"] = .number(Double(members))
            details["assignments_removed"] = .number(Double(assignments))
            return details
        }
        return try HTTPResponse.redirect(toPath: "/admin/groups?done=deleted")
    }

    // MARK: Members

    /// Offloaded. Every address must name a user, or nothing is added and the unknown ones are listed
    /// beside the field with the text kept; users already in the group are skipped.
    func addMembers(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let group = try findGroup(request, refusingProvisionedWith: Self.providerOwnsMembers)
        let emails = EmailList(try request.form()["emails"] ?? "")
        let (users, unknown) = try database.read { try emails.resolve($0) }
        let problem = emails.isEmpty ? "Enter at least one email." : EmailList.problem(unknown: unknown, count: emails.emails.count)
        if let problem {
            return try groupPage(
                group, request: request, ["membersForm": ["emails": emails.text, "error": problem] as TemplateObject],
                status: .unprocessableContent)
        }
        let added = try database.write { db in
            let store = GroupStore(db)
            let existing = Set(try store.memberIDs(groupID: group.id))
            let newcomers = users.filter { !existing.contains($0.id) }
            _ = try store.addMembers(groupID: group.id, userIDs: newcomers.map(\.id))
            if !newcomers.isEmpty {
                try authentication.audit(
                    "group.members.add", actor: admin.user.email, target: group.id, request: request, db: db,
                    details: ["group": .string(group.name), "added": .strings(newcomers.map(\.email))])
            }
            return newcomers.count
        }
        return try back(to: group, done: "members-added", extra: "&added=\(added)&skipped=\(users.count - added)")
    }

    /// Offloaded.
    func removeMember(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let group = try findGroup(request, refusingProvisionedWith: Self.providerOwnsMembers)
        guard let userID = request.parameters["userID"],
            let user = try database.read({ try UserStore($0).find(id: userID) })
        else { throw HTTPError(.notFound, "There is no user with that id.") }
        let removed = try database.write { db in
            let removed = try GroupStore(db).removeMembers(groupID: group.id, userIDs: [user.id])
            if removed > 0 {
                try authentication.audit(
                    "group.members.remove", actor: admin.user.email, target: group.id, request: request, db: db,
                    details: ["group": .string(group.name), "removed": .strings([user.email])])
            }
            return removed
        }
        guard removed > 0 else { throw HTTPError(.notFound, "That user is not a member of this group.") }
        return try back(to: group, done: "member-removed")
    }

    // MARK: Shared steps

    private func findGroup(_ request: Request) throws -> Group {
        guard let id = request.parameters["id"], let group = try database.read({ try GroupStore($0).find(id: id) })
        else { throw HTTPError(.notFound, Self.noSuchGroup) }
        return group
    }

    /// The group the path names, refused with `refusal` when its identity provider owns it.
    private func findGroup(_ request: Request, refusingProvisionedWith refusal: HTTPError) throws -> Group {
        let group = try findGroup(request)
        guard !group.source.isProviderOwned else { throw refusal }
        return group
    }

    static let providerOwnsGroup = DirectorySource.providerOwns(
        "this group", "delete it there, or stop provisioning it, and Portico follows.")
    static let providerOwnsMembers = DirectorySource.providerOwns(
        "this group and its members", "add or remove members there. Assignments stay yours to change, on each account's page.")

    private func groupPage(_ group: Group, request: Request, _ extra: TemplateObject, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let list = try AdminListQuery(
            request, path: "/admin/groups/\(group.id)", defaultSort: UserStore.Sort.email, pageSize: Self.membersPageSize)
        let (members, assignments) = try database.read { db in
            (
                try GroupStore(db).members(groupID: group.id, limit: list.pageSize, offset: list.offset),
                try AssignmentStore(db).named(.init(principal: .group(group.id)))
            )
        }
        let memberRows: [TemplateValue] = members.items.map { user in
            let row: TemplateObject = [
                "id": user.id, "email": user.email, "displayName": user.displayName, "isDisabled": !user.isActive,
            ]
            return row.templateValue
        }
        let values: TemplateObject = [
            "group":
                (["id": group.id, "name": group.name, "description": group.description, "mfaRule": group.mfaRule.label] as TemplateObject)
                .merging(group.source.templateValues),
            "members": memberRows, "hasMembers": !memberRows.isEmpty, "memberCount": members.total,
            "pager": list.pager(total: members.total),
            "membersForm": ["emails": "", "error": TemplateValue.null] as TemplateObject,
            "assignmentTable": AssignmentTable(assignments, from: .principal).templateValue,
        ]
        return try pages.page(
            "pages/admin-group", request: request, values.merging(AdminSection.groups.templateValues).merging(extra), status: status)
    }

    private func formPage(_ form: GroupForm, group: Group?, request: Request, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let values: TemplateObject = [
            "isNew": group == nil, "action": AdminSection.groups.formAction(editing: group?.id),
            "group": group.map { (["id": $0.id, "name": $0.name] as TemplateObject).merging($0.source.templateValues) }.templateValue,
            "isProvisioned": group?.source.isProviderOwned ?? false,
        ]
        return try pages.page(
            "pages/admin-group-form", request: request,
            values.merging(form.templateValues).merging(AdminSection.groups.templateValues), status: status)
    }

    private func back(to group: Group, done: String, extra: String = "") throws -> HTTPResponse {
        try AdminSection.groups.back(to: group.id, done: done, extra: extra)
    }

    /// The message for a `done` code; unknown codes show nothing, and counts are read as numbers only.
    static func doneMessage(_ query: FormData) -> String? {
        switch query["done"] {
        case "created": return "The group was created. Add members below."
        case "updated": return "The group was saved."
        case "member-removed": return "The member was removed from the group."
        case "members-added":
            return AdminSection.addedMessage(
                query, one: "1 member was added", many: { "\($0) members were added" }, skipped: { "\($0) already belonged to the group" })
        default: return nil
        }
    }
}
