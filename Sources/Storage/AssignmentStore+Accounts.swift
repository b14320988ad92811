import Domain
import SQLite

extension AssignmentStore {
    /// An account a user holds at least one role in, as the SSO portal API lists it.
    package struct AccessibleAccount: Hashable, Sendable {
        package var id: String
        package var name: String
        package var email: String
    }

    /// The accounts the user holds a role in, directly or through a group, ordered by id (the portal API's
    /// page key); none when the user is not active.
    package func accessibleAccounts(for userID: String) throws -> [AccessibleAccount] {
        try db.query(
            """
            SELECT a.id, a.name, a.email FROM accounts a
            WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1 AND status = 'active')
                AND a.id IN (
                    SELECT account_id FROM assignments WHERE principal_type = 'user' AND principal_id = ?1
                    UNION
                    SELECT s.account_id FROM group_members m
                    JOIN assignments s ON s.principal_type = 'group' AND s.principal_id = m.group_id
                    WHERE m.user_id = ?1)
            ORDER BY a.id
            """, [userID]
        ).map { AccessibleAccount(id: try $0["id"], name: try $0["name"], email: try $0["email"]) }
    }
}
