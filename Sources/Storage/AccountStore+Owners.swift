import SQLite

extension AccountStore {
    /// Whether `userID` owns any account: one probe of the `account_owners_user` index.
    package func ownsAnyAccount(userID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM account_owners WHERE user_id = ?)", [userID])
    }
}
