extension Schema {
    /// What the portal remembers per person: the roles they starred and the roles they opened last.
    ///
    /// Both tables hold (user, account, permission set) and cascade with each of the three, so deleting
    /// an account or a permission set cannot leave a star behind. They do not cascade with assignments:
    /// a pair the user no longer holds stays stored and is hidden, because the portal reads both tables
    /// only through a join with the user's effective access (and a new assignment brings the star back).
    ///
    /// `recent_roles` keeps an integer key that grows with every launch: `recordLaunch` replaces the row,
    /// so the largest `id` is the latest launch even when two launches share a second.
    static let portalSchema = """
        CREATE TABLE favorite_roles (
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            permission_set_id TEXT NOT NULL REFERENCES permission_sets (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, account_id, permission_set_id)
        ) STRICT, WITHOUT ROWID;
        -- For the cascades from accounts and permission sets.
        CREATE INDEX favorite_roles_account ON favorite_roles (account_id);
        CREATE INDEX favorite_roles_permission_set ON favorite_roles (permission_set_id);

        CREATE TABLE recent_roles (
            id INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            permission_set_id TEXT NOT NULL REFERENCES permission_sets (id) ON DELETE CASCADE,
            last_used_at INTEGER NOT NULL,
            UNIQUE (user_id, account_id, permission_set_id)
        ) STRICT;
        CREATE INDEX recent_roles_account ON recent_roles (account_id);
        CREATE INDEX recent_roles_permission_set ON recent_roles (permission_set_id);
        """
}
