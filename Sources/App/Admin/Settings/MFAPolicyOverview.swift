import Domain
import SQLite
import Storage
import TemplateEngine

/// The settings page's account of the MFA policy: the groups with a rule of their own, and per rule how many
/// users still lack a factor it requires, with the first of them by name.
struct MFAPolicyOverview {
    /// How many users each rule's list shows; the count says how many more there are.
    static let listLimit = 50

    struct RuleGap {
        var rule: MFARule
        var users: Page<User>
    }

    var groups: [(group: Group, memberCount: Int)]
    var gaps: [RuleGap]

    /// Reads the rules. The portal-wide rule counts only when `mfa` is `always`, the one setting that requires a
    /// factor of everyone.
    init(database: Database) throws {
        (groups, gaps) = try database.read { db in
            let store = MFAPolicyStore(db)
            let mode = try SettingsStore(db).mfaMode()
            let rules = MFARule.allCases.filter { $0 != .none || mode == .always }
            return (
                try store.groupsWithRules(),
                try rules.map { RuleGap(rule: $0, users: try store.usersLackingFactor(rule: $0, limit: Self.listLimit)) }
            )
        }
    }

    var templateValues: TemplateObject {
        let groupRows: [TemplateValue] = groups.map { entry in
            (["id": entry.group.id, "name": entry.group.name, "rule": entry.group.mfaRule.label, "members": entry.memberCount]
                as TemplateObject)
                .templateValue
        }
        let gapRows: [TemplateValue] = gaps.map { gap in
            let users: [TemplateValue] = gap.users.items.map { user in
                (["id": user.id, "email": user.email, "displayName": user.displayName] as TemplateObject).templateValue
            }
            let row: TemplateObject = [
                "rule": gap.rule == .none ? "Everyone else (the portal-wide setting is “always”)" : gap.rule.label,
                "ruleValue": gap.rule.rawValue, "count": gap.users.total, "users": users, "hasUsers": !users.isEmpty,
                "more": gap.users.total > users.count ? gap.users.total - users.count : 0,
                "needs": gap.rule == .phishingResistant ? "a security key or passkey" : "a second factor",
            ]
            return row.templateValue
        }
        return ["mfaPolicy": ["groups": groupRows, "hasGroups": !groupRows.isEmpty, "gaps": gapRows] as TemplateObject]
    }
}
