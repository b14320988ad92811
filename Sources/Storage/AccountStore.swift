import Domain
import SQLite

/// AWS accounts and their owners, inside the caller's transaction.
package struct AccountStore {
    /// Columns an account list may be sorted by.
    package enum Sort: String, SortColumn, CaseIterable {
        case id, name, ouPath, environment

        package var column: String {
            switch self {
            case .id: "id"
            case .name: "name COLLATE NOCASE"
            case .ouPath: "ou_path"
            case .environment: "environment"
            }
        }
    }

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// The owners come along as one JSON array per row, so a page of accounts is one query.
    private static let selection = """
        SELECT id, name, email, ou_path, environment,
            (SELECT json_group_array(user_id) FROM (SELECT user_id FROM account_owners o WHERE o.account_id = accounts.id ORDER BY user_id))
                AS owners
        FROM accounts
        """

    /// Stores a new account and its owners; throws `ValidationErrors`, `StoreError.duplicate(field: "id")`,
    /// or `StoreError.missingReference(field: "owners", …)`.
    package func create(_ account: Account) throws {
        try ValidationErrors.check(account.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                "INSERT INTO accounts (id, name, email, ou_path, environment) VALUES (?, ?, ?, ?, ?)",
                [account.id, account.name, account.email, account.ouPath, account.environment])
        }
        try insertOwners(of: account)
    }

    /// Replaces the account's fields and its owners.
    package func update(_ account: Account) throws {
        try ValidationErrors.check(account.validate())
        try db.execute(
            "UPDATE accounts SET name = ?, email = ?, ou_path = ?, environment = ? WHERE id = ?",
            [account.name, account.email, account.ouPath, account.environment, account.id])
        guard db.changes == 1 else { throw StoreError.notFound }
        try db.execute("DELETE FROM account_owners WHERE account_id = ?", [account.id])
        try insertOwners(of: account)
    }

    /// Deletes the account with its owners and assignments.
    package func delete(id: String) throws {
        try db.execute("DELETE FROM accounts WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func find(id: String) throws -> Account? {
        try db.queryOne("\(Self.selection) WHERE id = ?", [id]).map(Self.account)
    }

    /// Accounts whose id, name, email, OU path or environment contains `query.search`.
    package func list(_ query: ListQuery<Sort>) throws -> Page<Account> {
        let filter = """
            WHERE id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'
                OR ou_path LIKE ?1 ESCAPE '\\' OR environment LIKE ?1 ESCAPE '\\'
            """
        let total: Int = try db.scalar("SELECT count(*) FROM accounts \(filter)", [query.likePattern])
        let items = try db.query(
            "\(Self.selection) \(filter) \(query.orderBy(tieBreaker: "id")) LIMIT ?2 OFFSET ?3",
            [query.likePattern, query.limit, query.offset]
        ).map(Self.account)
        return Page(items: items, total: total)
    }

    /// The accounts `userID` owns, by name: the ones whose assignments that user may manage.
    package func accounts(ownedBy userID: String) throws -> [Account] {
        try db.query(
            "\(Self.selection) WHERE id IN (SELECT account_id FROM account_owners WHERE user_id = ?) ORDER BY name, id", [userID]
        ).map(Self.account)
    }

    /// Whether `userID` owns `accountID`.
    package func isOwner(userID: String, accountID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM account_owners WHERE account_id = ? AND user_id = ?)", [accountID, userID])
    }

    private func insertOwners(of account: Account) throws {
        for owner in account.owners {
            do {
                try db.execute("INSERT INTO account_owners (account_id, user_id) VALUES (?, ?)", [account.id, owner])
            } catch let error as SQLiteError where error.isForeignKeyViolation {
                throw StoreError.missingReference(field: "owners", value: owner)
            }
        }
    }

    static func account(_ row: Row) throws -> Account {
        Account(
            id: try row["id"], name: try row["name"], email: try row["email"], ouPath: try row["ou_path"],
            environment: try row["environment"], owners: try JSONColumn.decode(try row["owners"]))
    }
}
