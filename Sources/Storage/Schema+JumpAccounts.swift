import SQLite

extension Schema {
    /// Accounts reached by switching role from a jump account's role (issue 16): the jump account, and the
    /// role there, NULL for "the role the permission set is named after".
    ///
    /// A route is one hop: the jump account is signed in to directly, and an account others are reached
    /// through cannot itself be reached through one. The triggers hold that whatever writes the table, so
    /// a route can neither chain nor loop; `AccountStore` checks the same first, to say which field is wrong.
    /// Deleting a jump account that others are still reached through is refused by the foreign key.
    static let jumpAccountSchema = """
        ALTER TABLE accounts ADD COLUMN via_account_id TEXT REFERENCES accounts (id)
            CHECK (via_account_id IS NULL OR via_account_id <> id);
        ALTER TABLE accounts ADD COLUMN via_role_name TEXT CHECK (
            via_role_name IS NULL
            OR (via_account_id IS NOT NULL AND length(via_role_name) BETWEEN 1 AND 64
                AND via_role_name NOT GLOB '*[^A-Za-z0-9_+=,.@-]*'));
        CREATE INDEX accounts_via ON accounts (via_account_id) WHERE via_account_id IS NOT NULL;

        CREATE TRIGGER accounts_via_one_hop_insert BEFORE INSERT ON accounts
            WHEN NEW.via_account_id IS NOT NULL AND (
                (SELECT via_account_id FROM accounts WHERE id = NEW.via_account_id) IS NOT NULL
                OR EXISTS (SELECT 1 FROM accounts WHERE via_account_id = NEW.id))
            BEGIN SELECT RAISE(ABORT, 'an account is reached through a jump account that people sign in to directly'); END;
        CREATE TRIGGER accounts_via_one_hop_update BEFORE UPDATE OF via_account_id ON accounts
            WHEN NEW.via_account_id IS NOT NULL AND (
                (SELECT via_account_id FROM accounts WHERE id = NEW.via_account_id) IS NOT NULL
                OR EXISTS (SELECT 1 FROM accounts WHERE via_account_id = NEW.id))
            BEGIN SELECT RAISE(ABORT, 'an account is reached through a jump account that people sign in to directly'); END;
        """
}
