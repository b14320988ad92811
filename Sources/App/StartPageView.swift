import Domain
import TemplateEngine

/// The `/start` page's values: one tile per account with its roles, the favorites and the recently used
/// roles, narrowed by the filter.
///
/// The roles arrive sorted by account, so tiles are built in one pass without sorting again. Values reuse
/// the strings read from the database; links are put together by the template from the account id and
/// the (query-encoded) role name, so a role costs no string building unless its name needs encoding.
struct StartPageView {
    private(set) var tiles: [TemplateValue] = []
    private(set) var favorites: [TemplateValue] = []
    private(set) var recent: [TemplateValue] = []
    private(set) var accountCount = 0
    private(set) var roleCount = 0

    init(roles: [PortalRole], filter: RoleFilter, now: Int) {
        var recentRoles: [PortalRole] = []
        var start = roles.startIndex
        tiles.reserveCapacity(64)
        while start < roles.endIndex {
            var end = start + 1
            while end < roles.endIndex && roles[end].accountID == roles[start].accountID { end += 1 }
            let account = roles[start]
            let keepsAll = filter.keepsAccount(name: account.accountName, id: account.accountID, email: account.accountEmail)
            var tileRoles: [TemplateValue] = []
            tileRoles.reserveCapacity(end - start)
            for role in roles[start..<end] {
                let roleName = RoleNaming.roleName(forPermissionSet: role.permissionSetName)
                guard keepsAll || filter.keepsRole(named: roleName) else { continue }
                let roleParameter = Self.queryValue(roleName)
                tileRoles.append(Self.tileRole(role, roleName: roleName, roleParameter: roleParameter))
                if role.isFavorite { favorites.append(Self.row(role, roleName: roleName, roleParameter: roleParameter, now: now)) }
                if role.recentOrder != nil { recentRoles.append(role) }
            }
            if !tileRoles.isEmpty {
                accountCount += 1
                roleCount += tileRoles.count
                tiles.append(Self.tile(account, roles: tileRoles))
            }
            start = end
        }
        recent = recentRoles.sorted { $0.recentOrder! > $1.recentOrder! }.map { role in
            let roleName = RoleNaming.roleName(forPermissionSet: role.permissionSetName)
            return Self.row(role, roleName: roleName, roleParameter: Self.queryValue(roleName), now: now)
        }
    }

    /// The values the template reads.
    var values: TemplateObject {
        [
            "tiles": tiles, "favorites": favorites, "recent": recent, "hasFavorites": !favorites.isEmpty, "hasRecent": !recent.isEmpty,
            "accountCount": accountCount, "roleCount": roleCount, "isOneAccount": accountCount == 1, "isOneRole": roleCount == 1,
        ]
    }

    private static func tile(_ account: PortalRole, roles: [TemplateValue]) -> TemplateValue {
        var tile = TemplateObject(minimumCapacity: 7)
        tile["accountID"] = .string(account.accountID)
        tile["accountName"] = .string(account.accountName)
        tile["accountEmail"] = .string(account.accountEmail)
        tile["ouPath"] = .string(account.ouPath)
        tile["environment"] = .string(account.environment)
        tile["badgeClass"] = .string(badgeClass(account.environment))
        tile["roles"] = .list(roles)
        return .object(tile)
    }

    private static func tileRole(_ role: PortalRole, roleName: String, roleParameter: String) -> TemplateValue {
        var value = TemplateObject(minimumCapacity: 6)
        value["roleName"] = .string(roleName)
        value["roleParameter"] = .string(roleParameter)
        value["permissionSetID"] = .string(role.permissionSetID)
        value["description"] = .string(role.permissionSetDescription)
        value["duration"] = .string(DurationText.remaining(role.sessionDurationSeconds))
        value["isFavorite"] = .bool(role.isFavorite)
        return .object(value)
    }

    /// A line of the Favorites or Recently used list: the role with its account.
    private static func row(_ role: PortalRole, roleName: String, roleParameter: String, now: Int) -> TemplateValue {
        var value = TemplateObject(minimumCapacity: 8)
        value["accountID"] = .string(role.accountID)
        value["accountName"] = .string(role.accountName)
        value["accountEmail"] = .string(role.accountEmail)
        value["roleName"] = .string(roleName)
        value["roleParameter"] = .string(roleParameter)
        value["permissionSetID"] = .string(role.permissionSetID)
        value["isFavorite"] = .bool(role.isFavorite)
        if let lastUsedAt = role.lastUsedAt {
            let elapsed = now - lastUsedAt
            value["lastUsed"] = .string(elapsed < 60 ? "just now" : DurationText.remaining(elapsed) + " ago")
        }
        return .object(value)
    }

    /// `role_name`'s value in a link. Permission set names may hold `+`, `=`, `,` and `@`, which a
    /// query string needs encoded; the common name without them is used as it is.
    static func queryValue(_ text: String) -> String {
        let isUnreserved = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                true
            default: false
            }
        }
        return isUnreserved ? text : QueryEncoding.component(text)
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
