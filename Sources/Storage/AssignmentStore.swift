import Domain
import SQLite

/// Assignments, and the access they add up to, inside the caller's transaction.
package struct AssignmentStore {
    /// Which assignments a list shows; nil fields do not filter.
    package struct Filter: Hashable, Sendable {
        package var principal: Principal?
        package var accountID: String?
        package var permissionSetID: String?

        package init(principal: Principal? = nil, accountID: String? = nil, permissionSetID: String? = nil) {
            self.principal = principal
            self.accountID = accountID
            self.permissionSetID = permissionSetID
        }
    }

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Stores one assignment; throws `StoreError.duplicate(field: "assignment")` when it exists, or
    /// `StoreError.missingReference` naming the principal, account or permission set that does not.
    package func create(_ assignment: Assignment) throws {
        do {
            try StoreError.mappingDuplicate(compositeField: "assignment") {
                try db.execute(
                    "INSERT INTO assignments (principal_type, principal_id, account_id, permission_set_id) VALUES (?, ?, ?, ?)",
                    [assignment.principal.type, assignment.principal.id, assignment.accountID, assignment.permissionSetID])
            }
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw try missingReference(of: assignment)
        }
    }

    /// Stores every assignment not already present, as the account page's "many at once"; returns how many were new.
    /// Nothing is stored when one of them refers to something missing.
    package func create(_ assignments: [Assignment]) throws -> Int {
        var created = 0
        for assignment in assignments {
            do {
                try create(assignment)
                created += 1
            } catch StoreError.duplicate {
                continue
            }
        }
        return created
    }

    package func delete(_ assignment: Assignment) throws {
        try db.execute(
            "DELETE FROM assignments WHERE principal_type = ? AND principal_id = ? AND account_id = ? AND permission_set_id = ?",
            [assignment.principal.type, assignment.principal.id, assignment.accountID, assignment.permissionSetID])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func exists(_ assignment: Assignment) throws -> Bool {
        try db.scalar(
            """
            SELECT EXISTS (SELECT 1 FROM assignments
                WHERE principal_type = ? AND principal_id = ? AND account_id = ? AND permission_set_id = ?)
            """,
            [assignment.principal.type, assignment.principal.id, assignment.accountID, assignment.permissionSetID])
    }

    /// Matching assignments, ordered by account, permission set, then principal.
    package func list(_ filter: Filter = Filter(), limit: Int = 50, offset: Int = 0) throws -> Page<Assignment> {
        let condition = """
            WHERE (?1 IS NULL OR principal_type = ?1) AND (?2 IS NULL OR principal_id = ?2)
                AND (?3 IS NULL OR account_id = ?3) AND (?4 IS NULL OR permission_set_id = ?4)
            """
        let bindings: [(any DatabaseValueConvertible)?] = [
            filter.principal?.type, filter.principal?.id, filter.accountID, filter.permissionSetID,
        ]
        let total: Int = try db.scalar("SELECT count(*) FROM assignments \(condition)", bindings)
        let items = try db.query(
            """
            SELECT principal_type, principal_id, account_id, permission_set_id FROM assignments \(condition)
            ORDER BY account_id, permission_set_id, principal_type, principal_id LIMIT ?5 OFFSET ?6
            """,
            bindings + [max(0, limit), max(0, offset)]
        ).map(Self.assignment)
        return Page(items: items, total: total)
    }

    // MARK: Access

    /// Every account/permission set pair `userID` may use, with where each comes from; empty for a disabled
    /// or unknown user. One query: the user's direct assignments and those of each of their groups,
    /// both read through the assignments' unique index, grouped per pair.
    package func effectiveAccess(for userID: String) throws -> [EffectiveAccess] {
        try db.query(Self.effectiveAccessSQL, [userID]).map { row in
            EffectiveAccess(
                accountID: try row["account_id"], accountName: try row["account_name"],
                permissionSetID: try row["permission_set_id"], permissionSetName: try row["permission_set_name"],
                isDirect: try row["is_direct"], groupNames: try JSONColumn.decode(try row["group_names"], as: [String].self).sorted())
        }
    }

    /// The access decision (see `AccessDecision`): whether `userID` is active and holds the permission set
    /// named `permissionSetName` in `accountID`, directly or through a group.
    package func mayUse(userID: String, accountID: String, permissionSetName: String) throws -> Bool {
        try db.scalar(Self.mayUseSQL, [userID, accountID, permissionSetName])
    }

    /// `CROSS JOIN` fixes the join order (SQLite never reorders it): without `ANALYZE` statistics the
    /// planner would otherwise scan every group assignment and probe the memberships, instead of reading
    /// the user's few memberships and then each group's assignments.
    static let effectiveAccessSQL = """
        WITH grants (account_id, permission_set_id, group_name) AS (
            SELECT account_id, permission_set_id, NULL FROM assignments
            WHERE principal_type = 'user' AND principal_id = ?1
            UNION ALL
            SELECT a.account_id, a.permission_set_id, g.name
            FROM group_members m
            CROSS JOIN assignments a ON a.principal_type = 'group' AND a.principal_id = m.group_id
            JOIN groups g ON g.id = m.group_id
            WHERE m.user_id = ?1
        )
        SELECT grants.account_id, accounts.name AS account_name, grants.permission_set_id,
            permission_sets.name AS permission_set_name, max(grants.group_name IS NULL) AS is_direct,
            json_group_array(grants.group_name) FILTER (WHERE grants.group_name IS NOT NULL) AS group_names
        FROM grants
        JOIN accounts ON accounts.id = grants.account_id
        JOIN permission_sets ON permission_sets.id = grants.permission_set_id
        WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1 AND status = 'active')
        GROUP BY grants.account_id, grants.permission_set_id
        ORDER BY accounts.name, grants.account_id, permission_sets.name
        """

    static let mayUseSQL = """
        SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND status = 'active')
            AND EXISTS (
                SELECT 1 FROM permission_sets p
                JOIN assignments a ON a.principal_type = 'user' AND a.principal_id = ?1 AND a.account_id = ?2
                    AND a.permission_set_id = p.id
                WHERE p.name = ?3
                UNION ALL
                SELECT 1 FROM permission_sets p
                CROSS JOIN group_members m ON m.user_id = ?1
                CROSS JOIN assignments a ON a.principal_type = 'group' AND a.principal_id = m.group_id AND a.account_id = ?2
                    AND a.permission_set_id = p.id
                WHERE p.name = ?3)
        """

    /// The plan SQLite chooses for the access decision's query, one detail line per step.
    package func mayUsePlan(userID: String, accountID: String, permissionSetName: String) throws -> [String] {
        try db.query("EXPLAIN QUERY PLAN \(Self.mayUseSQL)", [userID, accountID, permissionSetName]).map { try $0["detail"] }
    }

    /// The plan SQLite chooses for the effective-access query, one detail line per step, for tests and benchmarks.
    package func effectiveAccessPlan(for userID: String) throws -> [String] {
        try db.query("EXPLAIN QUERY PLAN \(Self.effectiveAccessSQL)", [userID]).map { try $0["detail"] }
    }

    // MARK: Private

    private func missingReference(of assignment: Assignment) throws -> StoreError {
        let principalTable = assignment.principal.type == "user" ? "users" : "groups"
        let checks: [(field: String, table: String, value: String)] = [
            (assignment.principal.type, principalTable, assignment.principal.id),
            ("account", "accounts", assignment.accountID),
            ("permission_set", "permission_sets", assignment.permissionSetID),
        ]
        for check in checks {
            let found: Bool = try db.scalar("SELECT EXISTS (SELECT 1 FROM \(check.table) WHERE id = ?)", [check.value])
            if !found { return .missingReference(field: check.field, value: check.value) }
        }
        return .missingReference(field: "assignment", value: assignment.principal.id)
    }

    static func assignment(_ row: Row) throws -> Assignment {
        let type: String = try row["principal_type"]
        guard let principal = Principal(type: type, id: try row["principal_id"]) else {
            throw UnknownStoredValue(type: "principal_type", value: type)
        }
        return Assignment(principal: principal, accountID: try row["account_id"], permissionSetID: try row["permission_set_id"])
    }
}
