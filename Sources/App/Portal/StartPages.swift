import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/start`, the portal: a tile per AWS account the user holds, its roles with links to open the console
/// and make shortcuts, the user's favorites and recently used roles, and a filter. `/` leads here.
///
/// The page's data is one indexed query (`PortalStore.roles(for:)`), kept with the rendered tiles in
/// `StartPageCache` until the database's portal generation moves; each request reads the generation, so
/// access is still decided from the database every time and a removed assignment or membership
/// disappears from the next page, whichever process removed it.
struct StartPages: Sendable {
    static let noSuchRole = "You do not have that role in that account, or it no longer exists."

    let pages: PageRenderer
    let authentication: Authentication
    /// The fingerprinted URL of `Public/start.js`.
    let scriptPath: String
    let cache = StartPageCache()

    /// `/`: the portal for a signed-in visitor, the sign-in page (coming back to the portal) otherwise.
    func root(_ request: Request) throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: request.signedIn == nil ? ReturnPath.signInPath(returningTo: "/start") : "/start")
    }

    func show(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try signedOut(request) }
        let userID = signedIn.user.id
        let filter = RoleFilter(try request.query["q"] ?? "")
        // The generation and the roles come from one snapshot, so a cached entry is used only while it is
        // exactly what the query would return.
        let (generation, entry, isCached) = try authentication.database.read { db -> (PortalGeneration, StartPageCache.Entry, Bool) in
            let generation = try PortalStore(db).generation(for: userID)
            if let cached = cache.entry(userID: userID, generation: generation) { return (generation, cached, true) }
            let entry = StartPageCache.Entry(
                personalGeneration: generation.personal, roles: try PortalStore(db).roles(for: userID),
                roleNamePattern: try SettingsStore(db).federation().roleNamePattern)
            return (generation, entry, false)
        }
        let (roles, pattern) = (entry.roles, entry.roleNamePattern)
        let syncBanner = try Self.syncBanner(signedIn, database: authentication.database)
        guard !roles.isEmpty else { return try noAccess(request, syncBanner: syncBanner) }

        let tilesHTML: String
        var noMatch = false
        if filter.isEmpty, let tiles = entry.tiles {
            tilesHTML = tiles
        } else {
            let tiles = StartPageView.tiles(roles, filter: filter, pattern: pattern)
            noMatch = tiles.isEmpty
            tilesHTML = try pages.fragment("partials/start-tiles", ["tiles": tiles])
            // Keep what was read, and the tiles when they are the unfiltered ones.
            if !isCached || filter.isEmpty {
                var updated = entry
                if filter.isEmpty { updated.tiles = tilesHTML }
                cache.store(updated, userID: userID, sharedGeneration: generation.shared)
            }
        }
        let favorites = StartPageView.favorites(roles, filter: filter, pattern: pattern)
        let recent = StartPageView.recent(roles, filter: filter, pattern: pattern, now: authentication.clock.epochSeconds)
        let values: TemplateObject = [
            "hasAccess": true, "q": filter.text, "noMatch": noMatch, "startScriptPath": scriptPath,
            "favorites": favorites, "hasFavorites": !favorites.isEmpty, "recent": recent, "hasRecent": !recent.isEmpty,
            "tilesHTML": TemplateValue.raw(tilesHTML),
            "starred": try Self.starredMessage(request.query, roles: roles, pattern: pattern),
        ]
        return try pages.page("pages/start", request: request, values.merging(syncBanner))
    }

    /// The page for someone who holds no role at all: who can change that.
    /// For admins, when some AWS account Portico keeps in sync failed: how many, and the first, to link to.
    /// One read through the index of failed rows, and only for admins.
    static func syncBanner(_ signedIn: SignedInUser, database: Database) throws -> TemplateObject {
        guard signedIn.user.isAdmin else { return [:] }
        let failures = try database.read { try ProvisioningStore($0).failures() }
        guard let first = failures.first else { return [:] }
        return [
            "syncFailures": ["count": failures.count, "plural": failures.count != 1, "firstAccountID": first.accountID] as TemplateObject
        ]
    }

    private func noAccess(_ request: Request, syncBanner: TemplateObject) throws -> HTTPResponse {
        let administrators = try authentication.database.read { try PortalStore($0).administrators() }
        let values: TemplateObject = [
            "hasAccess": false, "startScriptPath": scriptPath,
            "administrators": TemplateValue.list(
                administrators.map { ["displayName": $0.displayName, "email": $0.email] as TemplateValue }),
        ]
        return try pages.page("pages/start", request: request, values.merging(syncBanner))
    }

    /// Offloaded. Stars (`star`) or unstars (`unstar`) the role named `<account id>:<permission set id>`,
    /// then goes back to the portal with the same filter, at the same role. Only a role the user holds can be starred.
    func favorite(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try signInFirst(request) }
        let form = try request.form()
        let isFavorite = form["star"] != nil
        guard let key = form["star"] ?? form["unstar"], let (accountID, permissionSetID) = Self.roleKey(key) else {
            throw HTTPError(.badRequest, "The form did not say which role to star.")
        }
        let now = authentication.clock.epochSeconds
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
        return try HTTPResponse.redirect(toPath: Self.afterStarring(key, isFavorite: isFavorite, filter: RoleFilter(form["q"] ?? "")))
    }

    /// Back to the portal with the same filter, naming the role for the page to announce, and at the
    /// role's star button (`#role-…`), which a browser focuses, so that keyboard users stay where they were.
    static func afterStarring(_ key: String, isFavorite: Bool, filter: RoleFilter) -> String {
        var path = "/start?" + (isFavorite ? "starred=" : "unstarred=") + QueryEncoding.component(key)
        if !filter.isEmpty { path += "&q=" + QueryEncoding.component(filter.text) }
        return path + "#role-" + String(key.map { $0 == ":" ? "-" : $0 })
    }

    /// "AdministratorAccess in app-prod starred" for the role a star button just changed, or nothing when
    /// the query names none of the user's roles: only names the user may see are ever put on the page.
    static func starredMessage(_ query: FormData, roles: [PortalRole], pattern: RoleNamePattern) -> String {
        let (value, verb) = query["starred"].map { ($0, "starred") } ?? query["unstarred"].map { ($0, "unstarred") } ?? ("", "")
        guard let (accountID, permissionSetID) = roleKey(value),
            let role = roles.first(where: { $0.accountID == accountID && $0.permissionSetID == permissionSetID })
        else { return "" }
        return pattern.roleName(for: role.permissionSetName) + " in " + role.accountName + " " + verb
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
