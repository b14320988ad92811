import Domain
import SQLite

/// Registered SSO-OIDC clients: created by anyone, found by id, pruned when their registration expires.
package struct OIDCClientStore {
    /// Registrations kept at most; past it the oldest go first, so registering in a loop cannot fill the disk.
    package static let maximumClients = 100_000

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Stores a new registration; `secretHash` is the lowercase hex SHA-256 of the secret given to the client.
    package func register(_ client: OIDCClient, secretHash: String) throws {
        try db.execute(
            """
            INSERT INTO oidc_clients (id, secret_hash, name, redirect_uris, grant_types, scopes, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                client.id, secretHash, client.name, try JSONColumn.encode(client.redirectURIs),
                try JSONColumn.encode(client.grantTypes.map(\.rawValue)), try JSONColumn.encode(client.scopes), client.createdAt,
                client.expiresAt,
            ])
    }

    /// The registration with this id and its secret's hash while it lasts; nil when unknown or expired.
    /// The caller compares the hash in constant time.
    package func find(id: String, now: Int) throws -> (client: OIDCClient, secretHash: String)? {
        guard
            let row = try db.queryOne(
                """
                SELECT secret_hash, name, redirect_uris, grant_types, scopes, created_at, expires_at
                FROM oidc_clients WHERE id = ? AND expires_at > ?
                """, [id, now])
        else { return nil }
        let grants: [String] = try JSONColumn.decode(try row["grant_types"])
        let client = OIDCClient(
            id: id, name: try row["name"], redirectURIs: try JSONColumn.decode(try row["redirect_uris"]),
            grantTypes: try grants.map { try decode(OIDCClient.GrantType.self, $0) }, scopes: try JSONColumn.decode(try row["scopes"]),
            createdAt: try row["created_at"], expiresAt: try row["expires_at"])
        return (client, try row["secret_hash"])
    }

    /// Deletes expired registrations (their pending authorizations go with them; CLI sessions keep the
    /// client's name) and, past `maximumClients`, the oldest. Returns how many went.
    @discardableResult
    package func prune(now: Int) throws -> Int {
        try db.execute("DELETE FROM oidc_clients WHERE expires_at <= ?", [now])
        let expired = db.changes
        try db.execute(
            """
            DELETE FROM oidc_clients WHERE id IN (
                SELECT id FROM oidc_clients ORDER BY created_at DESC LIMIT -1 OFFSET ?)
            """, [Self.maximumClients])
        return expired + db.changes
    }
}
