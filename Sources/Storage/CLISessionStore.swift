import Domain
import SQLite

/// CLI sessions: the `portal_sessions` rows an SSO-OIDC access token opens, and their refresh tokens.
///
/// Looked up only by the hash of the current access token, and only among CLI rows, so a cookie never
/// opens one and a CLI token never opens a browser session. Revoking, listing, expiry and pruning are
/// `SessionStore`'s, the same for both kinds.
package struct CLISessionStore {
    /// What presenting a refresh token led to.
    package enum Refresh: Hashable, Sendable {
        /// The session now answers to the new access token, and the new refresh token is the only one that works.
        case refreshed(PortalSession, User)
        /// The token was used before: the session it belonged to is ended (nil if it already was).
        case reused(PortalSession?)
        /// Unknown, another client's, or its session or user no longer active.
        case invalid
        /// The session was outside its user's MFA rule, and is now ended.
        case outsideMFARule(PortalSession)
    }

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let findSQL = """
        SELECT \(SessionStore.columns), \(UserStore.columns(of: "u")), \(SessionStore.outsideMFARuleSQL) AS session_outside_mfa_rule
        FROM portal_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2 AND u.status = 'active'
            AND s.cli_client_id IS NOT NULL
        """

    /// Starts a CLI session for the person who approved `client`, with its first access and refresh token
    /// (both hashes of fresh random tokens), lasting `lifetimeSeconds` from `createdAt`.
    package func create(
        userID: String, client: PortalSession.CLIClient, accessTokenHash: String, refreshTokenHash: String,
        authMethod: PortalSession.AuthMethod, createdAt: Int, lifetimeSeconds: Int, ip: String, userAgent: String
    ) throws -> PortalSession {
        var session = try SessionStore(db).create(
            userID: userID, tokenHash: accessTokenHash, createdAt: createdAt, lifetimeSeconds: lifetimeSeconds, ip: ip,
            userAgent: userAgent, authMethod: authMethod)
        try db.execute(
            "UPDATE portal_sessions SET cli_client_id = ?, cli_client_name = ? WHERE id = ?", [client.id, client.name, session.id])
        try db.execute(
            "INSERT INTO cli_refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)",
            [refreshTokenHash, session.id, createdAt])
        session.cliClient = client
        return session
    }

    /// The active CLI session this access token opens, and its user; nil when there is none, it expired or
    /// was ended, or the user is disabled.
    package func find(accessTokenHash: String, now: Int) throws -> (session: PortalSession, user: User)? {
        guard case .active(let session, let user) = try lookup(accessTokenHash: accessTokenHash, now: now) else { return nil }
        return (session, user)
    }

    /// What `find` finds, telling a session outside its user's MFA rule apart, so the caller can end it.
    package func lookup(accessTokenHash: String, now: Int) throws -> SessionStore.Lookup {
        guard let row = try db.queryOne(Self.findSQL, [accessTokenHash, now]) else { return .none }
        return try SessionStore.lookup(row)
    }

    /// Trades a refresh token of `clientID` for the given new access and refresh tokens (RFC 6749 §6),
    /// ending the session if the token was already used (RFC 9700 §4.14.2).
    package func refresh(
        refreshTokenHash: String, clientID: String, newAccessTokenHash: String, newRefreshTokenHash: String, now: Int
    ) throws -> Refresh {
        guard
            let row = try db.queryOne(
                """
                SELECT r.used_at AS refresh_used_at, \(SessionStore.columns), \(UserStore.columns(of: "u")),
                    \(SessionStore.outsideMFARuleSQL) AS session_outside_mfa_rule
                FROM cli_refresh_tokens r JOIN portal_sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id
                WHERE r.token_hash = ?
                """, [refreshTokenHash])
        else { return .invalid }
        var session = try SessionStore.session(row)
        let user = try UserStore.user(row)
        guard session.cliClient?.id == clientID else { return .invalid }
        let usedAt: Int? = try row["refresh_used_at"]
        if usedAt != nil { return .reused(try end(session, now: now)) }
        guard session.isActive(at: now), user.status == .active else { return .invalid }
        if try row["session_outside_mfa_rule"] as Bool {
            try SessionStore(db).revoke(id: session.id, userID: nil, by: SessionStore.mfaRuleRevoker, now: now)
            return .outsideMFARule(session)
        }

        try db.execute("UPDATE cli_refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", [now, refreshTokenHash])
        guard db.changes == 1 else { return .reused(try end(session, now: now)) }
        try db.execute(
            "INSERT INTO cli_refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)",
            [newRefreshTokenHash, session.id, now])
        try db.execute(
            "UPDATE portal_sessions SET token_hash = ?, last_seen_at = max(last_seen_at, ?) WHERE id = ?",
            [newAccessTokenHash, now, session.id])
        session.lastSeenAt = max(session.lastSeenAt, now)
        return .refreshed(session, user)
    }

    /// Ends the CLI session this access token opens (`Logout`), returning it; nil when there was none.
    package func end(accessTokenHash: String, by actor: String, now: Int) throws -> PortalSession? {
        guard let (session, _) = try find(accessTokenHash: accessTokenHash, now: now) else { return nil }
        try SessionStore(db).revoke(id: session.id, userID: nil, by: actor, now: now)
        return session
    }

    /// Ends a session whose refresh token was presented twice; nil when it had already ended.
    private func end(_ session: PortalSession, now: Int) throws -> PortalSession? {
        try SessionStore(db).revoke(id: session.id, userID: nil, by: "refresh_token.reuse", now: now) ? session : nil
    }
}
