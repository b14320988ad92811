import Domain
import SQLite

/// Who the MFA rules leave without an accepted second factor: the settings page's count and list per rule.
package struct MFAPolicyStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Each user's strictest group rule as a number (0 none, 1 required, 2 phishing-resistant), for users in a
    /// group with a rule.
    private static let strictest = """
        WITH strictest AS (
            SELECT m.user_id, max(CASE g.mfa_rule WHEN 'phishing-resistant' THEN 2 WHEN 'required' THEN 1 ELSE 0 END) AS level
            FROM group_members m JOIN groups g ON g.id = m.group_id
            GROUP BY m.user_id
        )
        """

    /// Active users held to `rule` (their strictest group rule; `.none` means the portal-wide `always` setting)
    /// who have no factor it accepts: no security key, and for any rule but phishing-resistant no
    /// authenticator app either. Ordered by email, at most `limit`, with the total.
    package func usersLackingFactor(rule: MFARule, limit: Int) throws -> Page<User> {
        let level = MFARule.allCases.firstIndex(of: rule) ?? 0
        let condition = """
            FROM users u LEFT JOIN strictest s ON s.user_id = u.id
            WHERE u.status = 'active' AND coalesce(s.level, 0) = ?1
                AND NOT EXISTS (SELECT 1 FROM webauthn_credentials w WHERE w.user_id = u.id)
                AND (?1 = 2 OR NOT EXISTS (SELECT 1 FROM mfa_devices d WHERE d.user_id = u.id AND d.confirmed_at IS NOT NULL))
            """
        let total: Int = try db.scalar(Self.strictest + " SELECT count(*) " + condition, [level])
        let columns = UserStore.columnNames.map { "u." + $0 }.joined(separator: ", ")
        let users = try db.query(Self.strictest + " SELECT \(columns) " + condition + " ORDER BY u.email LIMIT ?2", [level, limit])
            .map(UserStore.user)
        return Page(items: users, total: total)
    }

    /// The groups that have a rule of their own, by name, with how many members each has.
    package func groupsWithRules() throws -> [(group: Group, memberCount: Int)] {
        try db.query(
            """
            SELECT id, name, description, source, external_id, mfa_rule,
                (SELECT count(*) FROM group_members m WHERE m.group_id = groups.id) AS member_count
            FROM groups WHERE mfa_rule <> 'none' ORDER BY name
            """
        ).map { (try GroupStore.group($0), try $0["member_count"]) }
    }
}
