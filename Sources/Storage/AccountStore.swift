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
        SELECT id, name, email, ou_path, environment, via_account_id, via_role_name,
            (SELECT json_group_array(user_id) FROM (SELECT user_id FROM account_owners o WHERE o.account_id = accounts.id ORDER BY user_id))
                AS owners
        FROM accounts
        """

    /// Stores a new account and its owners; throws `ValidationErrors` (its route included: see
    /// `checkRoute`), `StoreError.duplicate(field: "id")`, or `StoreError.missingReference(field: "owners", …)`.
    package func create(_ account: Account) throws {
        try ValidationErrors.check(account.validate())
        try checkRoute(of: account)
        try StoreError.mappingDuplicate {
            try db.execute(
                """
                INSERT INTO accounts (id, name, email, ou_path, environment, via_account_id, via_role_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    account.id, account.name, account.email, account.ouPath, account.environment, account.reachedThrough?.accountID,
                    account.reachedThrough?.roleName,
                ])
        }
        try insertOwners(of: account)
    }

    /// Replaces the account's fields, its route and its owners.
    package func update(_ account: Account) throws {
        try ValidationErrors.check(account.validate())
        try checkRoute(of: account)
        try db.execute(
            "UPDATE accounts SET name = ?, email = ?, ou_path = ?, environment = ?, via_account_id = ?, via_role_name = ? WHERE id = ?",
            [
                account.name, account.email, account.ouPath, account.environment, account.reachedThrough?.accountID,
                account.reachedThrough?.roleName, account.id,
            ])
        guard db.changes == 1 else { throw StoreError.notFound }
        try db.execute("DELETE FROM account_owners WHERE account_id = ?", [account.id])
        try insertOwners(of: account)
    }

    /// Deletes the account with its owners and assignments; throws `ValidationErrors` on `id` while other
    /// accounts are reached through it.
    package func delete(id: String) throws {
        let reached = try accountIDs(reachedThrough: id)
        if !reached.isEmpty {
            throw ValidationErrors([
                FieldError("id", "\(reached.joined(separator: ", ")) \(reached.count == 1 ? "is" : "are") reached through this account")
            ])
        }
        try db.execute("DELETE FROM accounts WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    /// The ids of the accounts reached through `id`, in order.
    package func accountIDs(reachedThrough id: String) throws -> [String] {
        try db.query("SELECT id FROM accounts WHERE via_account_id = ? ORDER BY id", [id]).map { try $0["id"] }
    }

    /// Takes the route off every account reached through `id`: for `portico apply`, which routes accounts
    /// in an order that keeps every step one hop and has checked the end state as a whole.
    package func releaseAccounts(reachedThrough id: String) throws {
        try db.execute("UPDATE accounts SET via_account_id = NULL, via_role_name = NULL WHERE via_account_id = ?", [id])
    }

    /// Refuses a route the accounts stored now do not allow (`JumpRoute.problems`), naming the field.
    private func checkRoute(of account: Account) throws {
        guard account.reachedThrough != nil else { return }
        let reached = try accountIDs(reachedThrough: account.id)
        var jump: Account?
        if let id = account.reachedThrough?.accountID { jump = try find(id: id) }
        try ValidationErrors.check(JumpRoute.problems(of: account, find: { $0 == jump?.id ? jump : nil }, reachedThrough: reached))
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
        let jumpAccountID: String? = try row["via_account_id"]
        return Account(
            id: try row["id"], name: try row["name"], email: try row["email"], ouPath: try row["ou_path"],
            environment: try row["environment"], owners: try JSONColumn.decode(try row["owners"]),
            reachedThrough: try jumpAccountID.map { JumpRoute(accountID: $0, roleName: try row["via_role_name"]) })
    }
}
