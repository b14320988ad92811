import Domain
import SQLite

extension AssignmentStore {
    /// Matching assignments with their principal's, account's and permission set's names, ordered by account
    /// name, permission set name, then principal; `total` counts every match.
    ///
    /// Only the filter's non-nil fields become conditions, so each shape of filter reads through its own
    /// index (the principal's unique index, `assignments_account`, `assignments_permission_set`) instead of
    /// scanning every assignment as `?1 IS NULL OR …` would.
    package func named(_ filter: Filter, limit: Int = 500, offset: Int = 0) throws -> Page<NamedAssignment> {
        var conditions: [String] = []
        var bindings: [(any DatabaseValueConvertible)?] = []
        if let principal = filter.principal {
            conditions.append("a.principal_type = ? AND a.principal_id = ?")
            bindings += [principal.type, principal.id]
        }
        if let accountID = filter.accountID {
            conditions.append("a.account_id = ?")
            bindings.append(accountID)
        }
        if let permissionSetID = filter.permissionSetID {
            conditions.append("a.permission_set_id = ?")
            bindings.append(permissionSetID)
        }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total: Int = try db.scalar("SELECT count(*) FROM assignments a \(condition)", bindings)
        let items = try db.query(
            """
            SELECT a.principal_type, a.principal_id, a.account_id, a.permission_set_id,
                coalesce(u.email, g.name, '') AS principal_name, coalesce(u.display_name, '') AS principal_display_name,
                ac.name AS account_name, ac.environment AS account_environment, p.name AS permission_set_name
            FROM assignments a
            JOIN accounts ac ON ac.id = a.account_id
            JOIN permission_sets p ON p.id = a.permission_set_id
            LEFT JOIN users u ON u.id = a.user_id
            LEFT JOIN groups g ON g.id = a.group_id
            \(condition)
            ORDER BY ac.name COLLATE NOCASE, a.account_id, p.name, a.principal_type DESC, principal_name COLLATE NOCASE
            LIMIT ? OFFSET ?
            """,
            bindings + [max(0, limit), max(0, offset)]
        ).map { row in
            NamedAssignment(
                assignment: try Self.assignment(row), principalName: try row["principal_name"],
                principalDisplayName: try row["principal_display_name"], accountName: try row["account_name"],
                accountEnvironment: try row["account_environment"], permissionSetName: try row["permission_set_name"])
        }
        return Page(items: items, total: total)
    }

    /// How many assignments match, without reading them.
    package func count(_ filter: Filter) throws -> Int {
        try named(filter, limit: 0).total
    }
}
