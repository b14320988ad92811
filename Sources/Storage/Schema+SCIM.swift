import SQLite

extension Schema {
    /// SCIM bearer tokens, stored as the SHA-256 of the token like every other bearer secret. A name is
    /// unique among the tokens not revoked, so a revoked token's name can be used again.
    static let scimTokenSchema = """
        CREATE TABLE scim_tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
            created_at INTEGER NOT NULL,
            expires_at INTEGER CHECK (expires_at IS NULL OR expires_at > created_at),
            last_used_at INTEGER,
            revoked_at INTEGER
        ) STRICT;
        CREATE UNIQUE INDEX scim_tokens_active_name ON scim_tokens (name) WHERE revoked_at IS NULL;
        """
}

extension Schema {
    /// What SCIM needs of users and groups (issue 15).
    ///
    /// `users.email` becomes the sign-in name: an address for Portico's own users, and the identity
    /// provider's `userName` for provisioned ones, which need not be an address (an Entra guest's
    /// `…#EXT#@tenant.onmicrosoft.com` is one only in shape, JumpCloud's `jdoe` is none); so its check is
    /// relaxed for them, which SQLite can only do by rebuilding the table. `contact_email` keeps their
    /// primary address beside it, so a SAML sign-in can match either. `profile` keeps the SCIM values
    /// Portico has no column for (`emails`, `phoneNumbers`, `name.formatted`) as SCIM spells them.
    ///
    /// `revision` counts every change to a user or group, whoever makes it (a form, `apply`, SCIM), through
    /// triggers, and is the SCIM `meta.version` an `If-Match` is compared with; a group's counts its members.
    static func scimDirectory(_ db: Connection) throws {
        let dependents: [String] = try db.query(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        ).map { try $0[0] }
        let copied = "id, email, display_name, given_name, family_name, status, source, is_admin, external_id, attributes"
        try db.executeScript(
            """
            CREATE TABLE users_rebuilt (
                id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
                email TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (
                    length(email) BETWEEN 1 AND 254 AND (source <> 'local' OR (length(email) >= 3 AND email GLOB '?*@?*'))),
                display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 256),
                given_name TEXT NOT NULL DEFAULT '' CHECK (length(given_name) <= 128),
                family_name TEXT NOT NULL DEFAULT '' CHECK (length(family_name) <= 128),
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
                source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'scim', 'saml')),
                is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
                external_id TEXT,
                attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
                contact_email TEXT COLLATE NOCASE CHECK (
                    contact_email IS NULL OR (length(contact_email) BETWEEN 3 AND 254 AND contact_email GLOB '?*@?*')),
                profile TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile) AND json_type(profile) = 'object'),
                revision INTEGER NOT NULL DEFAULT 1
            ) STRICT;
            INSERT INTO users_rebuilt (\(copied)) SELECT \(copied) FROM users;
            DROP TABLE users;
            ALTER TABLE users_rebuilt RENAME TO users;
            """)
        for statement in dependents {
            try db.execute(statement)
        }
        try db.executeScript(
            """
            CREATE INDEX users_external_id ON users (external_id) WHERE external_id IS NOT NULL;
            CREATE INDEX users_contact_email ON users (contact_email) WHERE contact_email IS NOT NULL;
            CREATE INDEX users_display_name ON users (display_name COLLATE NOCASE);
            CREATE TRIGGER users_revision AFTER UPDATE ON users WHEN NEW.revision = OLD.revision
                BEGIN UPDATE users SET revision = OLD.revision + 1 WHERE id = NEW.id; END;

            ALTER TABLE groups ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
            CREATE INDEX groups_name_nocase ON groups (name COLLATE NOCASE);
            CREATE INDEX groups_external_id ON groups (external_id) WHERE external_id IS NOT NULL;
            CREATE TRIGGER groups_revision AFTER UPDATE ON groups WHEN NEW.revision = OLD.revision
                BEGIN UPDATE groups SET revision = OLD.revision + 1 WHERE id = NEW.id; END;
            CREATE TRIGGER group_members_revision_insert AFTER INSERT ON group_members
                BEGIN UPDATE groups SET revision = revision + 1 WHERE id = NEW.group_id; END;
            CREATE TRIGGER group_members_revision_delete AFTER DELETE ON group_members
                BEGIN UPDATE groups SET revision = revision + 1 WHERE id = OLD.group_id; END;

            -- The recent SCIM requests the Provisioning page shows: what the identity provider sent and what
            -- Portico answered, secrets removed, bodies cut short. Only the newest 1,000 are kept.
            CREATE TABLE scim_requests (
                id INTEGER PRIMARY KEY,
                time INTEGER NOT NULL,
                token_name TEXT NOT NULL,
                method TEXT NOT NULL,
                target TEXT NOT NULL,
                status INTEGER NOT NULL,
                request_body TEXT NOT NULL DEFAULT '',
                response_body TEXT NOT NULL DEFAULT ''
            ) STRICT;
            CREATE TRIGGER scim_requests_keep_newest AFTER INSERT ON scim_requests
                BEGIN DELETE FROM scim_requests WHERE id <= NEW.id - 1000; END;
            """)
    }
}
