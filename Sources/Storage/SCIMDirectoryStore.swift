import Domain
import SQLite

/// Users and groups as the SCIM endpoint reads them: with the revision their ETag carries, found through
/// the indexes of the attributes identity providers filter on, and in stable pages.
package struct SCIMDirectoryStore {
    /// An item with the count of changes made to it (`users.revision`, `groups.revision`).
    package struct Revisioned<Item: Sendable>: Sendable {
        package var item: Item
        package var revision: Int
    }

    /// An attribute with an index to find or order by.
    package enum Column: CaseIterable, Sendable {
        case id, userName, externalID, displayName
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    // MARK: Users

    /// Users whose `column` equals `value` (the user name and display name whatever their ASCII case).
    package func users(where column: Column, equals value: String) throws -> [Revisioned<User>] {
        try db.query(Self.usersSQL(where: column), [value]).map(Self.user)
    }

    /// One page of users in `order` (creation order without one).
    package func users(orderedBy order: Column?, descending: Bool, limit: Int, offset: Int) throws -> [Revisioned<User>] {
        let orderBy = order.map { Self.userOrder($0) + (descending ? " DESC" : "") + ", rowid" } ?? "rowid"
        return try db.query(
            "SELECT \(UserStore.columns), revision FROM users ORDER BY \(orderBy) LIMIT ? OFFSET ?", [limit, offset]
        ).map(Self.user)
    }

    package func userCount() throws -> Int { try db.scalar("SELECT count(*) FROM users") }

    /// `(id, name)` of the groups a user is in, by name.
    package func groupsOf(userID: String) throws -> [(id: String, name: String)] {
        try db.query(
            "SELECT g.id, g.name FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.name", [userID]
        ).map { (try $0["id"], try $0["name"]) }
    }

    // MARK: Groups

    package func groups(where column: Column, equals value: String) throws -> [Revisioned<Group>] {
        try db.query(Self.groupsSQL(where: column), [value]).map(Self.group)
    }

    package func groups(orderedBy order: Column?, descending: Bool, limit: Int, offset: Int) throws -> [Revisioned<Group>] {
        let orderBy = order.map { Self.groupOrder($0) + (descending ? " DESC" : "") + ", rowid" } ?? "rowid"
        return try db.query("SELECT \(Self.groupColumns) FROM groups ORDER BY \(orderBy) LIMIT ? OFFSET ?", [limit, offset]).map(Self.group)
    }

    package func groupCount() throws -> Int { try db.scalar("SELECT count(*) FROM groups") }

    /// `(id, displayName)` of every member, in the order they were added.
    package func members(groupID: String) throws -> [(id: String, displayName: String)] {
        try db.query(
            "SELECT u.id, u.display_name FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.rowid",
            [groupID]
        ).map { (try $0["id"], try $0["display_name"]) }
    }

    package func isMember(groupID: String, userID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?)", [groupID, userID])
    }

    /// Makes the group's members exactly `userIDs`; returns the ids it added and removed.
    package func setMembers(groupID: String, userIDs: [String]) throws -> (added: [String], removed: [String]) {
        let store = GroupStore(db)
        let current = Set(try store.memberIDs(groupID: groupID))
        var seen = current
        let added = userIDs.filter { seen.insert($0).inserted }
        let removed = current.subtracting(userIDs).sorted()
        _ = try store.addMembers(groupID: groupID, userIDs: added)
        _ = try store.removeMembers(groupID: groupID, userIDs: removed)
        return (added, removed)
    }

    // MARK: Columns

    /// The look-up of users by one column, each through its index (the tests ask SQLite's query plan).
    package static func usersSQL(where column: Column) -> String {
        "SELECT \(UserStore.columns), revision FROM users WHERE \(userCondition(column))"
    }

    package static func groupsSQL(where column: Column) -> String {
        "SELECT \(groupColumns) FROM groups WHERE \(groupCondition(column))"
    }

    private static let groupColumns = "id, name, description, source, external_id, mfa_rule, revision"

    private static func userCondition(_ column: Column) -> String {
        switch column {
        case .id: "id = ?"
        case .userName: "email = ?"
        case .externalID: "external_id = ?"
        case .displayName: "display_name = ? COLLATE NOCASE"
        }
    }

    private static func userOrder(_ column: Column) -> String {
        switch column {
        case .id: "id"
        case .userName: "email"
        case .externalID: "external_id"
        case .displayName: "display_name COLLATE NOCASE"
        }
    }

    private static func groupCondition(_ column: Column) -> String {
        switch column {
        case .id: "id = ?"
        case .userName, .displayName: "name = ? COLLATE NOCASE"
        case .externalID: "external_id = ?"
        }
    }

    private static func groupOrder(_ column: Column) -> String {
        switch column {
        case .id: "id"
        case .userName, .displayName: "name COLLATE NOCASE"
        case .externalID: "external_id"
        }
    }

    private static func user(_ row: Row) throws -> Revisioned<User> {
        Revisioned(item: try UserStore.user(row), revision: try row["revision"])
    }

    private static func group(_ row: Row) throws -> Revisioned<Group> {
        Revisioned(item: try GroupStore.group(row), revision: try row["revision"])
    }
}
