import Domain
import SQLite

/// What accounts' owners may grant (`OwnerBounds`), per account and per OU path, inside the caller's transaction.
package struct OwnerBoundsStore {
    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let selection = """
        SELECT b.account_id, b.ou_path, b.grant_to_groups, b.grant_to_users,
            (SELECT json_group_array(permission_set_id)
                FROM (SELECT permission_set_id FROM owner_bounds_permission_sets s WHERE s.bounds_id = b.id ORDER BY permission_set_id))
                AS permission_sets
        FROM owner_bounds b
        """

    /// The bounds stored for exactly `scope`, not inherited ones.
    package func find(_ scope: OwnerBounds.Scope) throws -> OwnerBounds? {
        let (column, value) = Self.column(scope)
        return try db.queryOne("\(Self.selection) WHERE b.\(column) = ?", [value]).map { try Self.bounds($0).bounds }
    }

    /// Every stored bounds, accounts' and OU defaults', by scope.
    package func all() throws -> [OwnerBounds.Scope: OwnerBounds] {
        Dictionary(uniqueKeysWithValues: try db.query(Self.selection).map { row in try Self.bounds(row) }.map { ($0.scope, $0.bounds) })
    }

    /// The OU defaults, by OU path.
    package func ouDefaults() throws -> [String: OwnerBounds] {
        let rows = try db.query("\(Self.selection) WHERE b.ou_path IS NOT NULL ORDER BY b.ou_path")
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0["ou_path"] as String, try Self.bounds($0).bounds) })
    }

    /// The bounds that hold for `account` and where they come from: its own, the nearest OU default, or nil for none.
    package func effective(for account: Account) throws -> (bounds: OwnerBounds, scope: OwnerBounds.Scope)? {
        if let own = try find(.account(account.id)) { return (own, .account(account.id)) }
        let defaults = try ouDefaults()
        guard let path = OwnerBounds.nearestOU(of: account.ouPath, among: defaults), let bounds = defaults[path] else { return nil }
        return (bounds, .ou(path))
    }

    /// Replaces the bounds of `scope`; nil removes them. Throws `ValidationErrors` on `ou` for a malformed
    /// path, `StoreError.missingReference(field: "account", …)` for an unknown account and
    /// `StoreError.missingReference(field: "permission_sets", …)` for an unknown permission set.
    package func set(_ bounds: OwnerBounds?, for scope: OwnerBounds.Scope) throws {
        if case .ou(let path) = scope, let reason = OwnerBounds.ouPathProblem(path) {
            throw ValidationErrors([FieldError("ou", reason)])
        }
        let (column, value) = Self.column(scope)
        try db.execute("DELETE FROM owner_bounds WHERE \(column) = ?", [value])
        guard let bounds else { return }
        do {
            try db.execute(
                "INSERT INTO owner_bounds (\(column), grant_to_groups, grant_to_users) VALUES (?, ?, ?)",
                [value, bounds.groups, bounds.users.rawValue])
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "account", value: value)
        }
        let id = db.lastInsertRowID
        for setID in bounds.permissionSetIDs {
            do {
                try db.execute("INSERT INTO owner_bounds_permission_sets (bounds_id, permission_set_id) VALUES (?, ?)", [id, setID])
            } catch let error as SQLiteError where error.isForeignKeyViolation {
                throw StoreError.missingReference(field: "permission_sets", value: setID)
            }
        }
    }

    private static func column(_ scope: OwnerBounds.Scope) -> (String, String) {
        switch scope {
        case .account(let id): ("account_id", id)
        case .ou(let path): ("ou_path", path)
        }
    }

    private static func bounds(_ row: Row) throws -> (scope: OwnerBounds.Scope, bounds: OwnerBounds) {
        let accountID: String? = try row["account_id"]
        let scope: OwnerBounds.Scope = if let accountID { .account(accountID) } else { .ou(try row["ou_path"]) }
        let users = try decode(OwnerBounds.Users.self, row["grant_to_users"])
        let bounds = OwnerBounds(
            permissionSetIDs: try JSONColumn.decode(try row["permission_sets"]), groups: try row["grant_to_groups"], users: users)
        return (scope, bounds)
    }
}
