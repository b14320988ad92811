extension Schema {
    /// What the portal remembers per person (the roles they starred and the roles they opened last), and a
    /// counter of changes to what the portal shows.
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

        CREATE TABLE portal_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        ) STRICT;
        INSERT INTO portal_generation (id, value) VALUES (1, 0);
        """ + portalGenerationTriggers

    /// Every table whose rows can change what `/start` shows someone.
    ///
    /// Deletions that cascade (a group, an account) fire the triggers of the rows they delete too.
    static let portalGenerationTables = [
        "users", "group_members", "assignments", "accounts", "permission_sets", "favorite_roles", "recent_roles", "settings",
    ]

    /// Triggers that count every change to those tables in `portal_generation`, in the changing
    /// transaction and whichever process makes it (`portico apply` included): a reader that sees the same
    /// number in its snapshot sees the same portal data, which is what lets the portal keep a page's
    /// data between requests (see `PortalStore.generation()`).
    static let portalGenerationTriggers = generationTriggers(on: portalGenerationTables)

    /// The tables the first portal migration left out, which `portico apply` needs counted too: it plans
    /// from a snapshot outside the write lock and then checks, under the lock, that the generation did not
    /// move, so every table its snapshot reads must move it.
    static let directoryGenerationTables = ["groups", "account_owners"]

    static func generationTriggers(on tables: [String]) -> String {
        tables.map { table in
            ["INSERT", "UPDATE", "DELETE"].map { change in
                """
                CREATE TRIGGER \(table)_portal_\(change.lowercased()) AFTER \(change) ON \(table)
                    BEGIN UPDATE portal_generation SET value = value + 1; END;

                """
            }.joined()
        }.joined()
    }

    /// Stars and launches are one person's: they now move only that person's counter in
    /// `portal_personal_generation`, so one user's star or console launch no longer empties every other
    /// user's cached portal page (launches happen all day; directory changes rarely).
    ///
    /// The counter table has no foreign key on purpose: deleting a user cascades to their stars, whose
    /// trigger then counts for a user row that is already gone. A leftover counter row is harmless.
    static let personalGenerationSchema = """
        DROP TRIGGER IF EXISTS favorite_roles_portal_insert;
        DROP TRIGGER IF EXISTS favorite_roles_portal_update;
        DROP TRIGGER IF EXISTS favorite_roles_portal_delete;
        DROP TRIGGER IF EXISTS recent_roles_portal_insert;
        DROP TRIGGER IF EXISTS recent_roles_portal_update;
        DROP TRIGGER IF EXISTS recent_roles_portal_delete;
        CREATE TABLE portal_personal_generation (
            user_id TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        """
        + ["favorite_roles", "recent_roles"].map { table in
            [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")].map { change, row in
                """
                CREATE TRIGGER \(table)_personal_\(change.lowercased()) AFTER \(change) ON \(table)
                    BEGIN
                        INSERT INTO portal_personal_generation (user_id, value) VALUES (\(row).user_id, 1)
                            ON CONFLICT (user_id) DO UPDATE SET value = value + 1;
                    END;

                """
            }.joined()
        }.joined()
}
