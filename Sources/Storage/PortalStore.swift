import Domain
import SQLite

/// The portal page's data, a user's favorite roles and the roles they opened last, inside the caller's
/// transaction.
///
/// Favorites and recent launches are stored as (user, account, permission set) and only ever read back
/// joined with the user's effective access, so a role whose assignment was removed disappears from both
/// lists at once, and comes back if the assignment does.
package struct PortalStore {
    /// How many recent launches are kept per user; older ones are deleted as new ones are recorded.
    package static let recentLimit = 10

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Every role `userID` holds, with its account, its permission set and the user's marks, sorted by
    /// account name, account id, then permission set name; empty for a disabled or unknown user.
    ///
    /// One query for the whole page: the user's direct and group assignments (read through the same
    /// indexes as `AssignmentStore.effectiveAccess`), each pair once, then the account, the permission
    /// set, the favorite and the recent launch, each by primary key or unique index.
    ///
    /// Rows are read through a cursor: a role whose account or permission set is the one already read
    /// shares its strings instead of copying them out of SQLite again, which saves most of the page's
    /// allocations (an account has a few roles, and a directory has a few dozen permission sets).
    package func roles(for userID: String) throws -> [PortalRole] {
        var roles: [PortalRole] = []
        roles.reserveCapacity(64)
        var permissionSets: [(id: String, name: String, description: String, sessionDurationSeconds: Int)] = []
        try db.forEachRowCursor(Self.rolesSQL, [userID]) { (row: borrowing RowCursor) in
            var role: PortalRole
            if let previous = roles.last, try row.text(0, equals: previous.accountID) {
                role = previous
            } else {
                role = PortalRole(
                    accountID: try row.text(0), accountName: try row.text(1), accountEmail: try row.text(2), ouPath: try row.text(3),
                    environment: try row.text(4), permissionSetID: "", permissionSetName: "", permissionSetDescription: "",
                    sessionDurationSeconds: 0)
            }
            var known = try permissionSets.firstIndex { try row.text(5, equals: $0.id) }
            if known == nil {
                permissionSets.append((try row.text(5), try row.text(6), try row.text(7), try row.int(8)))
                known = permissionSets.count - 1
            }
            let permissionSet = permissionSets[known!]
            role.permissionSetID = permissionSet.id
            role.permissionSetName = permissionSet.name
            role.permissionSetDescription = permissionSet.description
            role.sessionDurationSeconds = permissionSet.sessionDurationSeconds
            role.isFavorite = try row.int(9) != 0
            role.lastUsedAt = try row.optionalInt(10)
            role.recentOrder = try row.optionalInt(11)
            roles.append(role)
        }
        return roles
    }

    /// Numbers that change, in the same transaction, with every change to any row `roles(for: userID)`
    /// reads: two reads that see the same generation see the same roles for that user. The shared part
    /// moves with the directory and settings, the personal part with the user's own stars and launches.
    /// The count of every change to the directory and the settings, which moves in the changing
    /// transaction whoever makes it: two reads with the same value see the same directory.
    package func sharedGeneration() throws -> Int {
        try db.scalar("SELECT value FROM portal_generation WHERE id = 1")
    }

    package func generation(for userID: String) throws -> PortalGeneration {
        let shared = try sharedGeneration()
        let personal: Int = try db.scalar(
            "SELECT coalesce((SELECT value FROM portal_personal_generation WHERE user_id = ?), 0)", [userID])
        return PortalGeneration(shared: shared, personal: personal)
    }

    /// Whether `userID` is active and holds the permission set `permissionSetID` in `accountID`.
    package func holds(userID: String, accountID: String, permissionSetID: String) throws -> Bool {
        try db.scalar(Self.holdsSQL, [userID, accountID, permissionSetID])
    }

    /// Stars or unstars a role; returns whether anything changed. Starring does not check access:
    /// the caller does, with `holds`.
    @discardableResult
    package func setFavorite(_ isFavorite: Bool, userID: String, accountID: String, permissionSetID: String, at time: Int) throws
        -> Bool
    {
        if isFavorite {
            try db.execute(
                """
                INSERT INTO favorite_roles (user_id, account_id, permission_set_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
                [userID, accountID, permissionSetID, time])
        } else {
            try db.execute(
                "DELETE FROM favorite_roles WHERE user_id = ? AND account_id = ? AND permission_set_id = ?",
                [userID, accountID, permissionSetID])
        }
        return db.changes == 1
    }

    /// Records that `userID` opened the console as `permissionSetID` in `accountID` at `time` (epoch
    /// seconds), in the launch's own write transaction, and forgets launches beyond the last `recentLimit`.
    ///
    /// The row is replaced rather than updated so that its key becomes the largest: recent launches are
    /// ordered by key, which two launches in the same second cannot tie on.
    package func recordLaunch(userID: String, accountID: String, permissionSetID: String, at time: Int) throws {
        try db.execute(
            "DELETE FROM recent_roles WHERE user_id = ? AND account_id = ? AND permission_set_id = ?",
            [userID, accountID, permissionSetID])
        try db.execute(
            "INSERT INTO recent_roles (user_id, account_id, permission_set_id, last_used_at) VALUES (?, ?, ?, ?)",
            [userID, accountID, permissionSetID, time])
        try db.execute(
            """
            DELETE FROM recent_roles WHERE user_id = ?1
                AND id NOT IN (SELECT id FROM recent_roles WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)
            """,
            [userID, Self.recentLimit])
    }

    /// The active administrators, by display name: whom a user without access should ask.
    package func administrators() throws -> [User] {
        try db.query(
            "SELECT \(UserStore.columns) FROM users WHERE is_admin = 1 AND status = 'active' ORDER BY display_name, email"
        ).map(UserStore.user)
    }

    /// The plan SQLite chooses for `roles(for:)`, one detail line per step, for tests and benchmarks.
    package func rolesPlan(for userID: String) throws -> [String] {
        try db.query("EXPLAIN QUERY PLAN \(Self.rolesSQL)", [userID]).map { try $0["detail"] }
    }

    /// As in `AssignmentStore.effectiveAccessSQL`, `CROSS JOIN` makes SQLite read the user's memberships
    /// first and then each group's assignments. `UNION` keeps a pair held both directly and through
    /// groups once.
    static let rolesSQL = """
        WITH grants (account_id, permission_set_id) AS (
            SELECT account_id, permission_set_id FROM assignments
            WHERE principal_type = 'user' AND principal_id = ?1
            UNION
            SELECT a.account_id, a.permission_set_id
            FROM group_members m
            CROSS JOIN assignments a ON a.principal_type = 'group' AND a.principal_id = m.group_id
            WHERE m.user_id = ?1
        )
        SELECT accounts.id, accounts.name, accounts.email, accounts.ou_path, accounts.environment,
            permission_sets.id, permission_sets.name, permission_sets.description, permission_sets.session_duration_seconds,
            favorite_roles.created_at IS NOT NULL, recent_roles.last_used_at, recent_roles.id
        FROM grants
        JOIN accounts ON accounts.id = grants.account_id
        JOIN permission_sets ON permission_sets.id = grants.permission_set_id
        LEFT JOIN favorite_roles ON favorite_roles.user_id = ?1 AND favorite_roles.account_id = grants.account_id
            AND favorite_roles.permission_set_id = grants.permission_set_id
        LEFT JOIN recent_roles ON recent_roles.user_id = ?1 AND recent_roles.account_id = grants.account_id
            AND recent_roles.permission_set_id = grants.permission_set_id
        WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1 AND status = 'active')
        ORDER BY accounts.name COLLATE NOCASE, accounts.id, permission_sets.name
        """

    static let holdsSQL = """
        SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND status = 'active')
            AND EXISTS (
                SELECT 1 FROM assignments
                WHERE principal_type = 'user' AND principal_id = ?1 AND account_id = ?2 AND permission_set_id = ?3
                UNION ALL
                SELECT 1 FROM group_members m
                CROSS JOIN assignments a ON a.principal_type = 'group' AND a.principal_id = m.group_id
                    AND a.account_id = ?2 AND a.permission_set_id = ?3
                WHERE m.user_id = ?1)
        """
}
