import Domain
import SQLite

/// Authorization codes of the PKCE flow (RFC 6749 §4.1, RFC 7636): issued on the consent page, redeemed
/// once by `CreateToken`, and kept until they expire with the session they made, so a replay ends it.
package struct AuthorizationCodeStore {
    /// How long a code may wait for its `CreateToken`: RFC 6749 §4.1.2 recommends at most ten minutes; the
    /// CLI redeems it within a second of the browser's redirect.
    package static let lifetime = 300

    /// What the consent page approved.
    package struct Code: Hashable, Sendable {
        package var clientID: String
        package var userID: String
        package var authMethod: PortalSession.AuthMethod
        package var redirectURI: String
        package var codeChallenge: String
        package var createdAt: Int
        package var expiresAt: Int

        package init(
            clientID: String, userID: String, authMethod: PortalSession.AuthMethod, redirectURI: String, codeChallenge: String,
            createdAt: Int, expiresAt: Int
        ) {
            self.clientID = clientID
            self.userID = userID
            self.authMethod = authMethod
            self.redirectURI = redirectURI
            self.codeChallenge = codeChallenge
            self.createdAt = createdAt
            self.expiresAt = expiresAt
        }
    }

    /// The outcome of presenting a code.
    package enum Redemption: Hashable, Sendable {
        /// First use of an unexpired code: now marked as used.
        case redeemed(Code)
        /// Used before; the session it made (if any) is for the caller to end.
        case replayed(sessionID: Int64?)
        /// Unknown or expired.
        case invalid
    }

    let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    package func create(_ code: Code, codeHash: String) throws {
        try db.execute(
            """
            INSERT INTO authorization_codes
                (code_hash, client_id, user_id, auth_method, redirect_uri, code_challenge, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                codeHash, code.clientID, code.userID, code.authMethod.rawValue, code.redirectURI, code.codeChallenge, code.createdAt,
                code.expiresAt,
            ])
    }

    /// Marks the code as used and returns it, or says why it cannot be used. The caller checks the client,
    /// redirect URI and verifier against it and, on success, records the session with `attach`.
    package func redeem(codeHash: String, now: Int) throws -> Redemption {
        guard
            let row = try db.queryOne(
                """
                SELECT client_id, user_id, auth_method, redirect_uri, code_challenge, created_at, expires_at,
                    redeemed_at, session_id
                FROM authorization_codes WHERE code_hash = ?
                """, [codeHash])
        else { return .invalid }
        let redeemedAt: Int? = try row["redeemed_at"]
        if redeemedAt != nil { return .replayed(sessionID: try row["session_id"]) }
        let code = Code(
            clientID: try row["client_id"], userID: try row["user_id"],
            authMethod: try decode(PortalSession.AuthMethod.self, row["auth_method"]), redirectURI: try row["redirect_uri"],
            codeChallenge: try row["code_challenge"], createdAt: try row["created_at"], expiresAt: try row["expires_at"])
        guard code.expiresAt > now else { return .invalid }
        try db.execute("UPDATE authorization_codes SET redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL", [now, codeHash])
        return db.changes == 1 ? .redeemed(code) : .replayed(sessionID: nil)
    }

    /// Records the session a redeemed code made, so a replay of the code can end it.
    package func attach(codeHash: String, sessionID: Int64) throws {
        try db.execute("UPDATE authorization_codes SET session_id = ? WHERE code_hash = ?", [sessionID, codeHash])
    }

    /// Removes codes that expired before `now`; returns how many went.
    @discardableResult
    package func prune(now: Int) throws -> Int {
        try db.execute("DELETE FROM authorization_codes WHERE expires_at <= ?", [now])
        return db.changes
    }
}
