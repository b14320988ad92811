import SQLite

extension Schema {
    /// Accounts Portico keeps in sync in AWS itself, and what the last attempt found (issue 18).
    ///
    /// `provisioning_status` has one row per account with an empty `scope` (reaching the account, its SAML
    /// provider, roles no longer assigned) and one per permission set assigned there, keyed by the set's id.
    /// Rows of a set that is no longer assigned go with the next attempt.
    static let awsProvisioningSchema = """
        CREATE TABLE account_provisioning (
            account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            role_arn TEXT CHECK (role_arn IS NULL OR (length(role_arn) BETWEEN 20 AND 2048 AND role_arn GLOB 'arn:*:iam::*:role/*')),
            enabled_at INTEGER NOT NULL,
            enabled_by TEXT NOT NULL CHECK (length(enabled_by) BETWEEN 1 AND 320)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE provisioning_status (
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            scope TEXT NOT NULL DEFAULT '' CHECK (length(scope) <= 64),
            state TEXT NOT NULL CHECK (state IN ('pending', 'in_sync', 'failed')),
            message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 4096),
            changed_by TEXT NOT NULL DEFAULT '' CHECK (length(changed_by) <= 320),
            updated_at INTEGER NOT NULL,
            synced_at INTEGER,
            -- For the account's own row: the SHA-256 of the desired state last brought about, so a change
            -- elsewhere in the directory starts an attempt only for the accounts it changes.
            desired_hash TEXT CHECK (desired_hash IS NULL OR length(desired_hash) = 64),
            PRIMARY KEY (account_id, scope)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX provisioning_status_failed ON provisioning_status (account_id) WHERE state = 'failed';
        """
}
