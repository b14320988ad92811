extension Schema {
    /// Users, groups, accounts, permission sets and the assignments between them.
    ///
    /// An assignment's principal is one `(principal_type, principal_id)` pair, so the unique triple and
    /// the look-up index are plain; `user_id` and `group_id` are generated from it only to carry the
    /// foreign keys, so deleting a user or group deletes its assignments. Every child row cascades with
    /// its parent: the admin pages ask before deleting and say what else goes.
    ///
    /// The effective access of a user reads `group_members` by `user_id`, then `assignments` by principal,
    /// both through indexes that cover the query, so it stays one short indexed query at 100,000 assignments.
    static let directorySchema = """
        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
            email TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254 AND email GLOB '?*@?*'),
            display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 256),
            given_name TEXT NOT NULL DEFAULT '' CHECK (length(given_name) <= 128),
            family_name TEXT NOT NULL DEFAULT '' CHECK (length(family_name) <= 128),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
            source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'scim', 'saml')),
            is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
            external_id TEXT,
            attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes) AND json_type(attributes) = 'object')
        ) STRICT;

        CREATE TABLE groups (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
            name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),
            description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 1024),
            source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'scim', 'saml')),
            external_id TEXT
        ) STRICT;

        CREATE TABLE group_members (
            group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, user_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX group_members_user ON group_members (user_id, group_id);

        CREATE TABLE accounts (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 12 AND id NOT GLOB '*[^0-9]*'),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
            email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email GLOB '?*@?*'),
            ou_path TEXT NOT NULL DEFAULT 'root' CHECK (ou_path = 'root' OR ou_path GLOB 'root/?*'),
            environment TEXT NOT NULL DEFAULT '' CHECK (length(environment) <= 32)
        ) STRICT;

        CREATE TABLE account_owners (
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (account_id, user_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX account_owners_user ON account_owners (user_id, account_id);

        CREATE TABLE permission_sets (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
            name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32 AND name NOT GLOB '*[^A-Za-z0-9_+=,.@-]*'),
            description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 700),
            session_duration_seconds INTEGER NOT NULL DEFAULT 3600 CHECK (session_duration_seconds BETWEEN 3600 AND 43200),
            relay_state TEXT CHECK (relay_state IS NULL OR relay_state GLOB 'https://?*'),
            managed_policies TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(managed_policies) AND json_type(managed_policies) = 'array'),
            inline_policy TEXT CHECK (
                inline_policy IS NULL
                OR (length(inline_policy) <= 32768 AND json_valid(inline_policy) AND json_type(inline_policy) = 'object')),
            tags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tags) AND json_type(tags) = 'object')
        ) STRICT;

        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
            principal_id TEXT NOT NULL,
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            permission_set_id TEXT NOT NULL REFERENCES permission_sets (id) ON DELETE CASCADE,
            user_id TEXT GENERATED ALWAYS AS (CASE principal_type WHEN 'user' THEN principal_id END) STORED
                REFERENCES users (id) ON DELETE CASCADE,
            group_id TEXT GENERATED ALWAYS AS (CASE principal_type WHEN 'group' THEN principal_id END) STORED
                REFERENCES groups (id) ON DELETE CASCADE,
            UNIQUE (principal_type, principal_id, account_id, permission_set_id)
        ) STRICT;
        -- The UNIQUE constraint's index serves look-ups by principal; these serve the cascades and the
        -- account and permission set pages.
        CREATE INDEX assignments_account ON assignments (account_id, permission_set_id);
        CREATE INDEX assignments_permission_set ON assignments (permission_set_id);
        CREATE INDEX assignments_user ON assignments (user_id) WHERE user_id IS NOT NULL;
        CREATE INDEX assignments_group ON assignments (group_id) WHERE group_id IS NOT NULL;
        """
}
