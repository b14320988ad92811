import Domain
import SQLite

/// Device authorizations (RFC 8628) from `StartDeviceAuthorization` to the token they become.
///
/// Both codes are looked up by their SHA-256 only. Every change of status is one conditional `UPDATE`, so
/// two approvals racing, or a poll racing an approval, change a row once.
package struct DeviceAuthorizationStore {
    /// Pending authorizations kept at most: a client that starts more is told to slow down.
    package static let maximumPending = 10_000

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = """
        d.device_code_hash, d.client_id, c.name AS client_name, d.created_at, d.expires_at, d.ip, d.user_agent, d.status,
        d.user_id, d.auth_method, d.decided_at
        """

    package func create(_ authorization: DeviceAuthorization, userCodeHash: String) throws {
        try db.execute(
            """
            INSERT INTO device_authorizations (device_code_hash, user_code_hash, client_id, created_at, expires_at, ip, user_agent)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                authorization.deviceCodeHash, userCodeHash, authorization.client.id, authorization.createdAt, authorization.expiresAt,
                SessionStore.displayable(authorization.ip, maximum: SessionStore.maximumIPLength),
                SessionStore.displayable(authorization.userAgent, maximum: SessionStore.maximumUserAgentLength),
            ])
    }

    /// Whether a user code with this hash is already taken by an authorization not yet pruned.
    package func userCodeExists(hash: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM device_authorizations WHERE user_code_hash = ?", [hash]) != nil
    }

    /// How many authorizations wait for a person now.
    package func pendingCount(now: Int) throws -> Int {
        try db.queryOne("SELECT count(*) AS n FROM device_authorizations WHERE status = 'pending' AND expires_at > ?", [now])?["n"] ?? 0
    }

    /// The authorization a person typed or followed the user code of, while it waits for them.
    package func pending(userCodeHash: String, now: Int) throws -> DeviceAuthorization? {
        try db.queryOne(
            """
            SELECT \(Self.columns) FROM device_authorizations d JOIN oidc_clients c ON c.id = d.client_id
            WHERE d.user_code_hash = ? AND d.status = 'pending' AND d.expires_at > ?
            """, [userCodeHash, now]
        ).map(Self.authorization)
    }

    /// The authorization a CLI polls with its device code, whatever its status; nil when unknown.
    package func find(deviceCodeHash: String) throws -> DeviceAuthorization? {
        try db.queryOne(
            """
            SELECT \(Self.columns) FROM device_authorizations d JOIN oidc_clients c ON c.id = d.client_id
            WHERE d.device_code_hash = ?
            """, [deviceCodeHash]
        ).map(Self.authorization)
    }

    /// Approves or denies the pending, unexpired authorization with this user code; false when there is none.
    package func decide(
        userCodeHash: String, approve: Bool, userID: String, authMethod: PortalSession.AuthMethod, now: Int
    ) throws -> Bool {
        try db.execute(
            """
            UPDATE device_authorizations SET status = ?2, user_id = ?3, auth_method = ?4, decided_at = ?5
            WHERE user_code_hash = ?1 AND status = 'pending' AND expires_at > ?5
            """,
            [
                userCodeHash, (approve ? DeviceAuthorization.Status.approved : .denied).rawValue, userID, authMethod.rawValue, now,
            ])
        return db.changes == 1
    }

    /// Marks an approved, unexpired authorization as turned into a session; false when it is not one (so
    /// two polls racing make one session).
    package func redeem(deviceCodeHash: String, now: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE device_authorizations SET status = 'redeemed'
            WHERE device_code_hash = ? AND status = 'approved' AND expires_at > ?
            """, [deviceCodeHash, now])
        return db.changes == 1
    }

    /// Removes authorizations that expired over an hour before `now`, keeping the recent ones so a CLI still
    /// polling hears "expired" rather than "unknown"; returns how many went.
    @discardableResult
    package func prune(now: Int) throws -> Int {
        try db.execute("DELETE FROM device_authorizations WHERE expires_at <= ?", [now - 3_600])
        return db.changes
    }

    private static func authorization(_ row: Row) throws -> DeviceAuthorization {
        let method: String? = try row["auth_method"]
        return DeviceAuthorization(
            deviceCodeHash: try row["device_code_hash"],
            client: PortalSession.CLIClient(id: try row["client_id"], name: try row["client_name"]), createdAt: try row["created_at"],
            expiresAt: try row["expires_at"], ip: try row["ip"], userAgent: try row["user_agent"],
            status: try decode(DeviceAuthorization.Status.self, row["status"]), userID: try row["user_id"],
            authMethod: try method.map { try decode(PortalSession.AuthMethod.self, $0) }, decidedAt: try row["decided_at"])
    }
}
