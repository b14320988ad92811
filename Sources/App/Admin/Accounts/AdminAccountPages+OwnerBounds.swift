import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// What an account's owners may grant: admins set it on the account's edit page.
extension AdminAccountPages {
    /// Offloaded. Stores the account's own bounds, or removes them (`bounds=inherit`) so it takes its OU's;
    /// one `owner_bounds.update` event with the bounds before and after.
    func updateOwnerBounds(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let account = try findAccount(request.parameters["id"] ?? "")
        var form = OwnerBoundsForm(try request.form())
        let sets = try database.read { try PermissionSetStore($0).list(ListQuery(sort: .name, limit: Self.choiceLimit)).items }
        guard form.check(knownSetIDs: Set(sets.map(\.id)), needsOU: false) else {
            let ownerEmails = try database.read { try UserStore($0).find(ids: account.owners).map(\.email) }
            return try formPage(
                AccountForm(account, ownerEmails: ownerEmails), account: account, request: request, bounds: form,
                status: .unprocessableContent)
        }
        let scope = OwnerBounds.Scope.account(account.id)
        try OwnerBoundsChange.record(form.bounds, for: scope, by: admin, authentication: authentication, request: request)
        return try back(to: account.id, done: "owner-bounds-saved")
    }
}
