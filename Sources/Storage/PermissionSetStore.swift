import Domain
import SQLite

/// Permission sets, inside the caller's transaction.
package struct PermissionSetStore {
    /// Columns a permission set list may be sorted by.
    package enum Sort: String, SortColumn, CaseIterable {
        case name, sessionDuration

        package var column: String {
            switch self {
            case .name: "name"
            case .sessionDuration: "session_duration_seconds"
            }
        }
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns =
        "id, name, description, session_duration_seconds, relay_state, managed_policies, inline_policy, tags"

    /// Stores a new permission set; throws `ValidationErrors` or `StoreError.duplicate(field: "name" | "id")`.
    ///
    /// A name that differs from another only in case is a duplicate too: IAM role names ignore case, so
    /// `Admin` and `admin` would be one role in each account, and holding either would open it.
    package func create(_ set: PermissionSet) throws {
        try ValidationErrors.check(set.validate())
        if try sharesRoleName(set.name, exceptID: set.id) { throw StoreError.duplicate(field: "name") }
        try StoreError.mappingDuplicate {
            try db.execute("INSERT INTO permission_sets (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", try [set.id] + values(of: set))
        }
    }

    /// Replaces every field; a new duration applies to role sessions started afterwards.
    package func update(_ set: PermissionSet) throws {
        try ValidationErrors.check(set.validate())
        if try sharesRoleName(set.name, exceptID: set.id) { throw StoreError.duplicate(field: "name") }
        try StoreError.mappingDuplicate {
            try db.execute(
                """
                UPDATE permission_sets SET name = ?, description = ?, session_duration_seconds = ?, relay_state = ?,
                    managed_policies = ?, inline_policy = ?, tags = ? WHERE id = ?
                """,
                try values(of: set) + [set.id])
        }
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    /// Deletes the permission set with its assignments.
    package func delete(id: String) throws {
        try db.execute("DELETE FROM permission_sets WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func find(id: String) throws -> PermissionSet? {
        try db.queryOne("SELECT \(Self.columns) FROM permission_sets WHERE id = ?", [id]).map(Self.permissionSet)
    }

    /// Whether a permission set other than the one with id `exceptID` has `name` up to case (names are ASCII, so
    /// `NOCASE` folds all of it): such a pair names one IAM role.
    package func sharesRoleName(_ name: String, exceptID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM permission_sets WHERE name = ?1 COLLATE NOCASE AND id != ?2)", [name, exceptID])
    }

    package func find(name: String) throws -> PermissionSet? {
        try db.queryOne("SELECT \(Self.columns) FROM permission_sets WHERE name = ?", [name]).map(Self.permissionSet)
    }

    /// The permission sets assigned in `accountID` to anyone, by name: the IAM roles that account needs.
    package func assigned(inAccount accountID: String) throws -> [PermissionSet] {
        try db.query(
            """
            SELECT \(Self.columns) FROM permission_sets
            WHERE id IN (SELECT permission_set_id FROM assignments WHERE account_id = ?)
            ORDER BY name
            """, [accountID]
        ).map(Self.permissionSet)
    }

    /// Permission sets whose name, description or id contains `query.search`.
    package func list(_ query: ListQuery<Sort>) throws -> Page<PermissionSet> {
        let filter = "WHERE name LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\'"
        let total: Int = try db.scalar("SELECT count(*) FROM permission_sets \(filter)", [query.likePattern])
        let items = try db.query(
            "SELECT \(Self.columns) FROM permission_sets \(filter) \(query.orderBy(tieBreaker: "id")) LIMIT ?2 OFFSET ?3",
            [query.likePattern, query.limit, query.offset]
        ).map(Self.permissionSet)
        return Page(items: items, total: total)
    }

    private func values(of set: PermissionSet) throws -> [(any DatabaseValueConvertible)?] {
        [
            set.name, set.description, set.sessionDuration.seconds, set.relayState, try JSONColumn.encode(set.managedPolicyARNs),
            set.inlinePolicy, try JSONColumn.encode(set.tags),
        ]
    }

    static func permissionSet(_ row: Row) throws -> PermissionSet {
        PermissionSet(
            id: try row["id"], name: try row["name"], description: try row["description"],
            sessionDuration: ISODuration(seconds: try row["session_duration_seconds"]), relayState: try row["relay_state"],
            managedPolicyARNs: try JSONColumn.decode(try row["managed_policies"]), inlinePolicy: try row["inline_policy"],
            tags: try JSONColumn.decode(try row["tags"]))
    }
}
