import Domain
import SQLite

extension SessionStore {
    /// Notes that the session was made by a SAML sign-in through this identity provider, with the
    /// `SessionIndex` it gave, so that its `LogoutRequest` can end the session later.
    package func attach(sessionID: Int64, identityProviderID: String, sessionIndex: String?) throws {
        try db.execute(
            "UPDATE portal_sessions SET identity_provider_id = ?, saml_session_index = ? WHERE id = ?",
            [identityProviderID, sessionIndex, sessionID])
    }

    /// Ends the user's active sessions made through this identity provider: those with `sessionIndex`, or
    /// all of them when the `LogoutRequest` named none. Returns how many ended.
    package func revokeFederated(
        userID: String, identityProviderID: String, sessionIndex: String?, by actor: String, now: Int
    ) throws -> Int {
        try db.execute(
            """
            UPDATE portal_sessions SET revoked_at = ?4, revoked_by = ?5
            WHERE user_id = ?1 AND identity_provider_id = ?2 AND (?3 IS NULL OR saml_session_index = ?3)
                AND revoked_at IS NULL AND expires_at > ?4
            """,
            [userID, identityProviderID, sessionIndex, now, actor])
        return db.changes
    }
}
