import Domain
import SQLite

extension AuditStore {
    /// What an id in the audit log names today: a user, an account, a permission set or a group.
    package struct NamedID: Hashable, Sendable {
        package enum Kind: String, Hashable, Sendable {
            case user
            case account
            case permissionSet = "permission_set"
            case group
        }

        package var kind: Kind
        package var id: String
        /// The display name of a user, the name of anything else.
        package var name: String
        /// A user's email; empty for the rest.
        package var email: String

        package init(kind: Kind, id: String, name: String, email: String = "") {
            self.kind = kind
            self.id = id
            self.name = name
            self.email = email
        }
    }

    /// The users, accounts, permission sets and groups among `ids`, by id, in one read.
    ///
    /// The log keeps ids (names change, and a deleted thing's name should not be rewritten into history), so
    /// the page looks the names up as it shows them: one statement for a whole page, each kind through its
    /// primary key, with the ids bound as one JSON array. An id that names nothing (deleted, or not an id at
    /// all) is simply absent.
    package func names(for ids: Set<String>) throws -> [String: NamedID] {
        guard !ids.isEmpty else { return [:] }
        let list = try JSONColumn.encode(ids.sorted())
        let rows = try db.query(
            """
            SELECT 'user' AS kind, id, display_name AS name, email FROM users WHERE id IN (SELECT value FROM json_each(?1))
            UNION ALL SELECT 'account', id, name, '' FROM accounts WHERE id IN (SELECT value FROM json_each(?1))
            UNION ALL SELECT 'permission_set', id, name, '' FROM permission_sets WHERE id IN (SELECT value FROM json_each(?1))
            UNION ALL SELECT 'group', id, name, '' FROM groups WHERE id IN (SELECT value FROM json_each(?1))
            """, [list])
        var named: [String: NamedID] = [:]
        for row in rows {
            let kind = try decode(NamedID.Kind.self, row["kind"])
            let entry = NamedID(kind: kind, id: try row["id"], name: try row["name"], email: try row["email"])
            named[entry.id] = entry
        }
        return named
    }
}
