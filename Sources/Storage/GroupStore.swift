import Domain
import SQLite

/// Groups and their memberships, inside the caller's transaction.
package struct GroupStore {
    /// Columns a group list may be sorted by.
    package enum Sort: String, SortColumn, CaseIterable {
        case name, source, memberCount

        package var column: String {
            switch self {
            case .name: "name"
            case .source: "source"
            case .memberCount: "member_count"
            }
        }
    }

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = "id, name, description, source, external_id, mfa_rule"

    /// Stores a new group; throws `ValidationErrors` or `StoreError.duplicate(field: "name" | "id")`.
    package func create(_ group: Group) throws {
        try ValidationErrors.check(group.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                "INSERT INTO groups (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?)",
                [group.id, group.name, group.description, group.source.rawValue, group.externalID, group.mfaRule.rawValue])
        }
    }

    /// Updates the group's name, description, source and external id. The MFA rule is left alone: SCIM and
    /// the directory file replace groups without knowing it, and only `setMFARule` changes it.
    package func update(_ group: Group) throws {
        try ValidationErrors.check(group.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                "UPDATE groups SET name = ?, description = ?, source = ?, external_id = ? WHERE id = ?",
                [group.name, group.description, group.source.rawValue, group.externalID, group.id])
        }
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    /// Sets what the group asks of its members' second factor; throws `StoreError.notFound` without such a group.
    package func setMFARule(groupID: String, rule: MFARule) throws {
        try db.execute("UPDATE groups SET mfa_rule = ? WHERE id = ?", [rule.rawValue, groupID])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    /// The strictest MFA rule among the user's groups (`.none` outside every group with a rule).
    package func strictestMFARule(userID: String) throws -> MFARule {
        let rules: [String] = try db.query(
            """
            SELECT DISTINCT g.mfa_rule FROM group_members m JOIN groups g ON g.id = m.group_id
            WHERE m.user_id = ? AND g.mfa_rule <> 'none'
            """, [userID]
        ).map { try $0[0] }
        return rules.compactMap(MFARule.init(rawValue:)).max() ?? .none
    }

    /// Deletes the group with its memberships and assignments.
    package func delete(id: String) throws {
        try db.execute("DELETE FROM groups WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func find(id: String) throws -> Group? {
        try db.queryOne("SELECT \(Self.columns) FROM groups WHERE id = ?", [id]).map(Self.group)
    }

    package func find(name: String) throws -> Group? {
        try db.queryOne("SELECT \(Self.columns) FROM groups WHERE name = ?", [name]).map(Self.group)
    }

    /// Groups whose name, description or id contains `query.search`, each with its member count.
    package func list(_ query: ListQuery<Sort>) throws -> Page<(group: Group, memberCount: Int)> {
        let filter = "WHERE name LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\'"
        let total: Int = try db.scalar("SELECT count(*) FROM groups \(filter)", [query.likePattern])
        let items = try db.query(
            """
            SELECT \(Self.columns), (SELECT count(*) FROM group_members m WHERE m.group_id = groups.id) AS member_count
            FROM groups \(filter) \(query.orderBy(tieBreaker: "id")) LIMIT ?2 OFFSET ?3
            """,
            [query.likePattern, query.limit, query.offset]
        ).map { row in (group: try Self.group(row), memberCount: try row["member_count"] as Int) }
        return Page(items: items, total: total)
    }

    // MARK: Membership

    /// Adds every user in `userIDs` to the group, skipping those already in it; returns how many were added.
    ///
    /// Throws `StoreError.missingReference` naming the first id without a user (or the group), adding none.
    package func addMembers(groupID: String, userIDs: [String]) throws -> Int {
        guard try find(id: groupID) != nil else { throw StoreError.missingReference(field: "group_id", value: groupID) }
        let existing = Set(
            try db.query("SELECT id FROM users WHERE id IN (SELECT value FROM json_each(?))", [JSONColumn.encode(userIDs)])
                .map { try $0["id"] as String })
        if let missing = userIDs.first(where: { !existing.contains($0) }) {
            throw StoreError.missingReference(field: "user_id", value: missing)
        }
        var added = 0
        for userID in userIDs {
            try db.execute("INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)", [groupID, userID])
            added += db.changes
        }
        return added
    }

    /// Removes every user in `userIDs` from the group; returns how many were members.
    package func removeMembers(groupID: String, userIDs: [String]) throws -> Int {
        var removed = 0
        for userID in userIDs {
            try db.execute("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", [groupID, userID])
            removed += db.changes
        }
        return removed
    }

    /// Ids of the group's members, sorted.
    package func memberIDs(groupID: String) throws -> [String] {
        try db.query("SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id", [groupID]).map { try $0["user_id"] }
    }

    /// The groups `userID` belongs to, by name.
    package func groups(ofUser userID: String) throws -> [Group] {
        try db.query(
            """
            SELECT g.id, g.name, g.description, g.source, g.external_id, g.mfa_rule
            FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.name
            """, [userID]
        ).map(Self.group)
    }

    static func group(_ row: Row) throws -> Group {
        Group(
            id: try row["id"], name: try row["name"], description: try row["description"],
            source: try decode(DirectorySource.self, row["source"]), externalID: try row["external_id"],
            mfaRule: try decode(MFARule.self, row["mfa_rule"]))
    }
}
