import SQLite

extension Schema {
    /// What an account's owners may grant (issue 20): bounds for one account, or the default for an OU path
    /// that accounts at or below it take unless they have their own. Exactly one of `account_id` and
    /// `ou_path` names what a row bounds; an account's bounds go with the account, and a permission set
    /// leaves every bounds that allowed it when it is deleted. Both tables move the portal generation, since
    /// `portico apply` plans from a snapshot that includes them.
    static let ownerBoundsSchema = """
        CREATE TABLE owner_bounds (
            id INTEGER PRIMARY KEY,
            account_id TEXT UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
            ou_path TEXT UNIQUE CHECK (ou_path IS NULL OR ou_path = 'root' OR ou_path GLOB 'root/?*'),
            grant_to_groups INTEGER NOT NULL CHECK (grant_to_groups IN (0, 1)),
            grant_to_users TEXT NOT NULL CHECK (grant_to_users IN ('all', 'organisation', 'none')),
            CHECK ((account_id IS NULL) <> (ou_path IS NULL))
        ) STRICT;

        CREATE TABLE owner_bounds_permission_sets (
            bounds_id INTEGER NOT NULL REFERENCES owner_bounds (id) ON DELETE CASCADE,
            permission_set_id TEXT NOT NULL REFERENCES permission_sets (id) ON DELETE CASCADE,
            PRIMARY KEY (bounds_id, permission_set_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX owner_bounds_permission_sets_set ON owner_bounds_permission_sets (permission_set_id);

        """ + generationTriggers(on: ["owner_bounds", "owner_bounds_permission_sets"])
}
