import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/owner-bounds`: the OU defaults of owner bounds, which every account at or below an OU path takes
/// unless it has bounds of its own (set on its edit page). One page: the list, a form that sets the
/// default of an OU path (replacing one there), and a button per default that removes it.
struct AdminOwnerBoundsPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    private var database: Database { authentication.database }

    func list(_ request: Request) throws -> HTTPResponse {
        var values = TemplateObject()
        switch try request.query["done"] {
        case "saved": values["flash"] = .flash("The OU default was saved.")
        case "removed": values["flash"] = .flash("The OU default was removed.")
        default: break
        }
        return try page(OwnerBoundsForm(OwnerBounds(permissionSetIDs: [], groups: false, users: .organisation)), request: request, values)
    }

    /// Offloaded.
    func save(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = OwnerBoundsForm(try request.form())
        form.hasOwn = true
        let sets = try database.read { try PermissionSetStore($0).list(ListQuery(sort: .name, limit: AdminAccountPages.choiceLimit)).items }
        guard form.check(knownSetIDs: Set(sets.map(\.id)), needsOU: true) else {
            return try page(form, request: request, status: .unprocessableContent)
        }
        try OwnerBoundsChange.record(form.bounds, for: .ou(form.ou), by: admin, authentication: authentication, request: request)
        return try HTTPResponse.redirect(toPath: "/admin/owner-bounds?done=saved")
    }

    /// Offloaded.
    func remove(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let ou = try request.form()["ou"] ?? ""
        guard try database.read({ try OwnerBoundsStore($0).find(.ou(ou)) }) != nil else {
            throw HTTPError(.notFound, "There is no default for that OU path; it may have been removed already.")
        }
        try OwnerBoundsChange.record(nil, for: .ou(ou), by: admin, authentication: authentication, request: request)
        return try HTTPResponse.redirect(toPath: "/admin/owner-bounds?done=removed")
    }

    private func page(_ form: OwnerBoundsForm, request: Request, _ extra: TemplateObject = [:], status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        let (defaults, sets, domains) = try database.read { db in
            (
                try OwnerBoundsStore(db).ouDefaults(),
                try PermissionSetStore(db).list(ListQuery(sort: .name, limit: AdminAccountPages.choiceLimit)).items,
                try SettingsStore(db).ownerSettings().organisationDomains
            )
        }
        let names = Dictionary(uniqueKeysWithValues: sets.map { ($0.id, $0.name) })
        let rows: [TemplateValue] = defaults.keys.sorted().map { path in
            let shown = AccountOwnerBounds(bounds: defaults[path], scope: .ou(path), organisationDomains: domains, setNames: names)
            return (["ou": path, "sentence": shown.sentence(subject: "Owners")] as TemplateObject).templateValue
        }
        let values: TemplateObject = ["defaults": rows, "hasDefaults": !rows.isEmpty]
        return try pages.page(
            "pages/admin-owner-bounds", request: request,
            values.merging(form.templateValues(sets: sets)).merging(AdminSection.accounts.templateValues).merging(extra), status: status)
    }
}
