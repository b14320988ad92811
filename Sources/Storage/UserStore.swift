import Domain
import JSON
import SQLite

/// Users, read and written inside the caller's transaction so an audit event can join the same commit.
package struct UserStore {
    /// Columns a user list may be sorted by.
    package enum Sort: String, SortColumn, CaseIterable {
        case email, displayName, status, source

        package var column: String {
            switch self {
            case .email: "email"
            case .displayName: "display_name COLLATE NOCASE"
            case .status: "status"
            case .source: "source"
            }
        }
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// The columns `user(_:)` reads, for any query that returns users.
    static let columns = columnNames.joined(separator: ", ")

    static let columnNames = [
        "id", "email", "display_name", "given_name", "family_name", "status", "source", "is_admin", "external_id", "attributes",
        "contact_email", "profile",
    ]

    /// The same columns of `users` joined under another name: `u.id, u.email, …`.
    static func columns(of alias: String) -> String {
        columnNames.map { alias + "." + $0 }.joined(separator: ", ")
    }

    /// Stores a new user; throws `ValidationErrors`, or `StoreError.duplicate(field: "email" | "id")`.
    package func create(_ user: User) throws {
        try ValidationErrors.check(user.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                "INSERT INTO users (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                try [user.id] + values(of: user))
        }
    }

    /// Replaces every field of the user with `user.id`.
    package func update(_ user: User) throws {
        try ValidationErrors.check(user.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                """
                UPDATE users SET email = ?, display_name = ?, given_name = ?, family_name = ?, status = ?, source = ?,
                    is_admin = ?, external_id = ?, attributes = ?, contact_email = ?, profile = ? WHERE id = ?
                """,
                try values(of: user) + [user.id])
        }
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    /// Deletes the user with their memberships, ownerships and direct assignments.
    package func delete(id: String) throws {
        try db.execute("DELETE FROM users WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func find(id: String) throws -> User? {
        try db.queryOne("SELECT \(Self.columns) FROM users WHERE id = ?", [id]).map(Self.user)
    }

    /// The user with this address, whatever its ASCII case (the column compares `NOCASE`).
    package func find(email: String) throws -> User? {
        try db.queryOne("SELECT \(Self.columns) FROM users WHERE email = ?", [email]).map(Self.user)
    }

    /// The users whose contact address (the primary email an identity provider gave) is `address`.
    package func find(contactEmail address: String) throws -> [User] {
        try db.query("SELECT \(Self.columns) FROM users WHERE contact_email = ? ORDER BY email", [address]).map(Self.user)
    }

    /// Users whose email, display name or id contains `query.search`.
    package func list(_ query: ListQuery<Sort>) throws -> Page<User> {
        let filter = "WHERE email LIKE ?1 ESCAPE '\\' OR display_name LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\'"
        let total: Int = try db.scalar("SELECT count(*) FROM users \(filter)", [query.likePattern])
        let items = try db.query(
            "SELECT \(Self.columns) FROM users \(filter) \(query.orderBy(tieBreaker: "id")) LIMIT ?2 OFFSET ?3",
            [query.likePattern, query.limit, query.offset]
        ).map(Self.user)
        return Page(items: items, total: total)
    }

    package func count() throws -> Int {
        try db.scalar("SELECT count(*) FROM users")
    }

    /// Every user whose id is in `ids`, in email order; ids without a user are skipped.
    package func find(ids: [String]) throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try db.query(
            "SELECT \(Self.columns) FROM users WHERE id IN (SELECT value FROM json_each(?)) ORDER BY email", [JSONColumn.encode(ids)]
        ).map(Self.user)
    }

    private func values(of user: User) throws -> [(any DatabaseValueConvertible)?] {
        [
            user.email, user.displayName, user.givenName, user.familyName, user.status.rawValue, user.source.rawValue,
            user.isAdmin, user.externalID, try JSONColumn.encode(user.attributes), user.contactEmail,
            JSONNode.object(user.profile).text(),
        ]
    }

    static func user(_ row: Row) throws -> User {
        User(
            id: try row["id"], email: try row["email"], displayName: try row["display_name"], givenName: try row["given_name"],
            familyName: try row["family_name"], status: try decode(User.Status.self, row["status"]),
            source: try decode(DirectorySource.self, row["source"]), isAdmin: try row["is_admin"],
            externalID: try row["external_id"], attributes: try JSONColumn.decode(try row["attributes"]),
            contactEmail: try row["contact_email"], profile: try profile(row["profile"]))
    }

    /// The stored profile object; the schema guarantees a JSON object.
    private static func profile(_ text: String) throws -> [String: JSONNode] {
        guard case .object(let members) = try JSONNode.parse(Array(text.utf8)) else { return [:] }
        return members
    }
}
