import Domain
import SQLite

extension GroupStore {
    /// One page of the group's members in email order, with how many it has in all.
    package func members(groupID: String, limit: Int = 100, offset: Int = 0) throws -> Page<User> {
        let total: Int = try db.scalar("SELECT count(*) FROM group_members WHERE group_id = ?", [groupID])
        let items = try db.query(
            """
            SELECT \(UserStore.columns(of: "u"))
            FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.email LIMIT ? OFFSET ?
            """,
            [groupID, max(0, limit), max(0, offset)]
        ).map(UserStore.user)
        return Page(items: items, total: total)
    }
}
