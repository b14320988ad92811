import Domain
import HTTPServer
import Storage
import TemplateEngine
import Web

/// `/start`, the portal: a tile per AWS account the user holds, its roles with links to open the console
/// and make shortcuts, the user's favorites and recently used roles, and a filter. `/` leads here.
///
/// The page is one indexed query (`PortalStore.roles(for:)`) and one render; access is decided from the
/// database on every request, so a removed assignment or membership disappears from the next page.
struct StartPages: Sendable {
    static let noSuchRole = "You do not have that role in that account, or it no longer exists."

    let pages: PageRenderer
    let authentication: Authentication
    /// The fingerprinted URL of `Public/start.js`.
    let scriptPath: String

    /// `/`: the portal for a signed-in visitor, the sign-in page (coming back to the portal) otherwise.
    func root(_ request: Request) throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: request.signedIn == nil ? ReturnPath.signInPath(returningTo: "/start") : "/start")
    }

    func show(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try signedOut(request) }
        let filter = RoleFilter(try request.query["q"] ?? "")
        let (roles, administrators) = try authentication.database.read { db in
            let roles = try PortalStore(db).roles(for: signedIn.user.id)
            return (roles, roles.isEmpty ? try PortalStore(db).administrators() : [])
        }
        let view = StartPageView(roles: roles, filter: filter, now: HTTPDate.nowEpochSeconds())
        var values = view.values
        values["q"] = .string(filter.text)
        values["startScriptPath"] = .string(scriptPath)
        values["hasAccess"] = .bool(!roles.isEmpty)
        values["noMatch"] = .bool(!roles.isEmpty && view.tiles.isEmpty)
        values["administrators"] = .list(administrators.map { ["displayName": $0.displayName, "email": $0.email] as TemplateValue })
        return try pages.page("pages/start", request: request, values)
    }

    /// Offloaded. Stars (`star`) or unstars (`unstar`) the role named `<account id>:<permission set id>`,
    /// then goes back to the portal with the same filter. Only a role the user holds can be starred.
    func favorite(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try signInFirst(request) }
        let form = try request.form()
        let isFavorite = form["star"] != nil
        guard let key = form["star"] ?? form["unstar"], let (accountID, permissionSetID) = Self.roleKey(key) else {
            throw HTTPError(.badRequest, "The form did not say which role to star.")
        }
        let now = HTTPDate.nowEpochSeconds()
        try authentication.database.write { db in
            let store = PortalStore(db)
            if isFavorite {
                guard try store.holds(userID: signedIn.user.id, accountID: accountID, permissionSetID: permissionSetID) else {
                    throw HTTPError(.notFound, Self.noSuchRole)
                }
            }
            guard
                try store.setFavorite(isFavorite, userID: signedIn.user.id, accountID: accountID, permissionSetID: permissionSetID, at: now)
            else { return }
            try authentication.audit(
                isFavorite ? "portal.favorite.add" : "portal.favorite.remove", actor: signedIn.user.email, target: signedIn.user.id,
                request: request, db: db,
                details: ["account_id": .string(accountID), "permission_set_id": .string(permissionSetID)])
        }
        let filter = RoleFilter(form["q"] ?? "")
        return try HTTPResponse.redirect(toPath: filter.isEmpty ? "/start" : "/start?q=" + QueryEncoding.component(filter.text))
    }

    /// Signed out: a small page whose script follows an AWS-style `#/console?…` shortcut (the fragment
    /// never reaches us, and a redirect to sign in would lose it once the sign-in form is posted) and
    /// otherwise goes on to sign in; without scripts, a refresh does the latter.
    private func signedOut(_ request: Request) throws -> HTTPResponse {
        var response = try pages.page(
            "pages/start-signed-out", request: request,
            ["signInPath": ReturnPath.signInPath(returningTo: ReturnPath.current(request)), "startScriptPath": scriptPath])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    private func signInFirst(_ request: Request) throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: "/start"))
    }

    /// `<12-digit account id>:<permission set id>`, as the star buttons send it.
    static func roleKey(_ value: String) -> (accountID: String, permissionSetID: String)? {
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, Account.isAccountID(String(parts[0])), FieldRules.isIdentifier(String(parts[1])) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
