import Domain
import SQLite

/// SCIM bearer tokens: made, listed, revoked, and looked up by the hash of the token a request carries.
///
/// `find` refuses revoked and expired tokens itself, so no caller can forget either check, and a token made
/// or revoked by `portico scim-token` in another process counts on the server's next request.
package struct SCIMTokenStore {
    /// The least time between two writes of `last_used_at` for one token.
    package static let touchInterval = 60

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = "id, name, created_at, expires_at, last_used_at, revoked_at"

    /// Stores a new token. Throws `ValidationErrors` for a bad name or expiry, `StoreError.duplicate(field:
    /// "name")` when an active token has the name.
    package func create(name: String, tokenHash: String, now: Int, expiresAt: Int?) throws -> SCIMToken {
        var errors: [FieldError] = []
        if let problem = SCIMToken.nameProblem(name) { errors.append(FieldError("name", problem)) }
        if let expiresAt, expiresAt <= now { errors.append(FieldError("expires", "must be in the future")) }
        try ValidationErrors.check(errors)
        try StoreError.mappingDuplicate {
            try db.execute(
                "INSERT INTO scim_tokens (name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)", [name, tokenHash, now, expiresAt])
        }
        return SCIMToken(id: db.lastInsertRowID, name: name, createdAt: now, expiresAt: expiresAt)
    }

    /// Every token, revoked ones included, newest first.
    package func list() throws -> [SCIMToken] {
        try db.query("SELECT \(Self.columns) FROM scim_tokens ORDER BY created_at DESC, id DESC").map(Self.token)
    }

    /// The active token with this hash; nil when there is none, or it was revoked or has expired.
    package func find(tokenHash: String, now: Int) throws -> SCIMToken? {
        try db.queryOne(
            """
            SELECT \(Self.columns) FROM scim_tokens
            WHERE token_hash = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)
            """,
            [tokenHash, now]
        ).map(Self.token)
    }

    /// The token with this id, revoked or not; nil when there is none.
    package func find(id: Int64) throws -> SCIMToken? {
        try db.queryOne("SELECT \(Self.columns) FROM scim_tokens WHERE id = ?", [id]).map(Self.token)
    }

    /// Records that the token was used at `now`, unless that was already recorded within the last minute.
    @discardableResult
    package func touch(id: Int64, now: Int) throws -> Bool {
        try db.execute(
            "UPDATE scim_tokens SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at <= ?2 - ?3)",
            [id, now, Self.touchInterval])
        return db.changes == 1
    }

    /// Revokes the active token with this name; false when there is none.
    @discardableResult
    package func revoke(name: String, now: Int) throws -> Bool {
        try db.execute("UPDATE scim_tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL", [name, now])
        return db.changes == 1
    }

    /// Revokes the token with this id unless it already was; false when there was nothing to revoke. The
    /// Provisioning page revokes by id, since a name may be used again once its token is revoked.
    @discardableResult
    package func revoke(id: Int64, now: Int) throws -> Bool {
        try db.execute("UPDATE scim_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", [id, now])
        return db.changes == 1
    }

    static func token(_ row: Row) throws -> SCIMToken {
        SCIMToken(
            id: try row["id"], name: try row["name"], createdAt: try row["created_at"], expiresAt: try row["expires_at"],
            lastUsedAt: try row["last_used_at"], revokedAt: try row["revoked_at"])
    }
}
