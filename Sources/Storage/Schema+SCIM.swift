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
