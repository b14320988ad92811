import Domain
import TemplateEngine

/// The `/start` page's values, built from the user's roles (sorted by account) and the filter: a tile
/// per account with its roles, the favorites, and the recently used roles. Role names follow the
/// `role_name_pattern` setting, as the console launch reads them back.
///
/// Values reuse the strings read from the database. Links are put together by the template from the
/// account id and the (query-encoded) role name, so a role costs no string building unless its name
/// needs encoding.
enum StartPageView {
    /// How many of an account's roles a tile lists before the rest fold into "N more roles", so that an
    /// account with many roles does not push the other tiles down the page.
    static let rolesShownOpen = 4

    /// One tile per account with a role the filter keeps, in the order of `roles`. Roles past the first
    /// `rolesShownOpen` of the account fold away; the fold is open when the filter found a role in it by name.
    static func tiles(_ roles: [PortalRole], filter: RoleFilter, pattern: RoleNamePattern) -> [TemplateValue] {
        var tiles: [TemplateValue] = []
        tiles.reserveCapacity(64)
        var start = roles.startIndex
        while start < roles.endIndex {
            var end = start + 1
            while end < roles.endIndex && roles[end].accountID == roles[start].accountID { end += 1 }
            let account = roles[start]
            let keepsAll = filter.keepsAccount(name: account.accountName, id: account.accountID, email: account.accountEmail)
            var shown: [TemplateValue] = []
            var folded: [TemplateValue] = []
            shown.reserveCapacity(min(end - start, rolesShownOpen))
            // Where a role sits is decided among all the account's roles, as start.js sees them, not among
            // the kept ones: a role does not move in or out of the fold as the filter changes.
            for (position, role) in roles[start..<end].enumerated() {
                let roleName = pattern.roleName(for: role.permissionSetName)
                guard keepsAll || filter.keepsRole(named: roleName) else { continue }
                if position < rolesShownOpen {
                    shown.append(tileRole(role, roleName: roleName))
                } else {
                    folded.append(tileRole(role, roleName: roleName))
                }
            }
            if !shown.isEmpty || !folded.isEmpty {
                tiles.append(tile(account, roles: shown, folded: folded, foldOpen: !filter.isEmpty && !keepsAll))
            }
            start = end
        }
        return tiles
    }

    /// The starred roles the filter keeps, in the order of `roles`.
    static func favorites(_ roles: [PortalRole], filter: RoleFilter, pattern: RoleNamePattern) -> [TemplateValue] {
        roles.filter { $0.isFavorite && keeps($0, filter, pattern) }.map { row($0, pattern: pattern, now: nil) }
    }

    /// The recently used roles the filter keeps, the latest first.
    static func recent(_ roles: [PortalRole], filter: RoleFilter, pattern: RoleNamePattern, now: Int) -> [TemplateValue] {
        roles.filter { $0.recentOrder != nil && keeps($0, filter, pattern) }.sorted { $0.recentOrder! > $1.recentOrder! }
            .map { row($0, pattern: pattern, now: now) }
    }

    private static func keeps(_ role: PortalRole, _ filter: RoleFilter, _ pattern: RoleNamePattern) -> Bool {
        filter.keepsAccount(name: role.accountName, id: role.accountID, email: role.accountEmail)
            || filter.keepsRole(named: pattern.roleName(for: role.permissionSetName))
    }

    private static func tile(_ account: PortalRole, roles: [TemplateValue], folded: [TemplateValue], foldOpen: Bool)
        -> TemplateValue
    {
        var tile = TemplateObject(minimumCapacity: 10)
        tile["accountID"] = .string(account.accountID)
        tile["accountName"] = .string(account.accountName)
        tile["accountEmail"] = .string(account.accountEmail)
        tile["ouPath"] = .string(account.ouPath)
        tile["environment"] = .string(account.environment)
        tile["badgeClass"] = .string(badgeClass(account.environment))
        tile["roles"] = .list(roles)
        if !folded.isEmpty {
            let more: TemplateObject = ["roles": folded, "count": folded.count, "plural": folded.count != 1, "open": foldOpen]
            tile["more"] = .object(more)
        }
        return .object(tile)
    }

    private static func tileRole(_ role: PortalRole, roleName: String) -> TemplateValue {
        var value = TemplateObject(minimumCapacity: 6)
        value["roleName"] = .string(roleName)
        value["roleParameter"] = .string(QueryEncoding.component(roleName))
        value["permissionSetID"] = .string(role.permissionSetID)
        value["description"] = .string(role.permissionSetDescription)
        value["duration"] = .string(ISODuration(seconds: role.sessionDurationSeconds).inWords)
        value["isFavorite"] = .bool(role.isFavorite)
        return .object(value)
    }

    /// A line of the Favorites or Recently used list: the role with its account, and when it was last
    /// used if `now` is given.
    private static func row(_ role: PortalRole, pattern: RoleNamePattern, now: Int?) -> TemplateValue {
        let roleName = pattern.roleName(for: role.permissionSetName)
        var value = TemplateObject(minimumCapacity: 8)
        value["accountID"] = .string(role.accountID)
        value["accountName"] = .string(role.accountName)
        value["accountEmail"] = .string(role.accountEmail)
        value["roleName"] = .string(roleName)
        value["roleParameter"] = .string(QueryEncoding.component(roleName))
        value["permissionSetID"] = .string(role.permissionSetID)
        if let now, let lastUsedAt = role.lastUsedAt {
            let elapsed = now - lastUsedAt
            value["lastUsed"] = .string(elapsed < 60 ? "just now" : DurationText.remaining(elapsed) + " ago")
        }
        return .object(value)
    }

    /// The badge colour for the common environment names; others get the plain badge.
    private static func badgeClass(_ environment: String) -> String {
        switch environment.lowercased() {
        case "prod", "production": "badge-prod"
        case "staging", "stage": "badge-staging"
        case "dev", "development": "badge-dev"
        case "sandbox": "badge-sandbox"
        default: ""
        }
    }
}
