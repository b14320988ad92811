import Domain
import SQLite

/// The short-lived state of SAML sign-ins: outstanding `AuthnRequest`s, assertions already used, and
/// checked assertions waiting for their browser. Every row is used once and pruned once it expires.
package struct SAMLSignInStore {
    /// An `AuthnRequest` Portico sent, waiting for its answer.
    package struct OutstandingRequest: Hashable, Sendable {
        package var requestID: String
        package var identityProviderID: String
        package var browserHash: String
        package var returnTo: String
        package var expiresAt: Int

        package init(requestID: String, identityProviderID: String, browserHash: String, returnTo: String, expiresAt: Int) {
            self.requestID = requestID
            self.identityProviderID = identityProviderID
            self.browserHash = browserHash
            self.returnTo = returnTo
            self.expiresAt = expiresAt
        }
    }

    /// A checked assertion: who signs in, whether their MFA counts, and where they go.
    package struct PendingSignIn: Hashable, Sendable {
        package var identityProviderID: String
        package var userID: String
        /// The `AuthnRequest` it answered; nil when the sign-in started at the identity provider.
        package var requestID: String?
        package var mfaSatisfied: Bool
        package var sessionIndex: String?
        package var returnTo: String
        package var expiresAt: Int

        package init(
            identityProviderID: String, userID: String, requestID: String?, mfaSatisfied: Bool, sessionIndex: String?, returnTo: String,
            expiresAt: Int
        ) {
            self.identityProviderID = identityProviderID
            self.userID = userID
            self.requestID = requestID
            self.mfaSatisfied = mfaSatisfied
            self.sessionIndex = sessionIndex
            self.returnTo = returnTo
            self.expiresAt = expiresAt
        }
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    // MARK: Requests

    package func save(_ request: OutstandingRequest, now: Int) throws {
        try db.execute(
            """
            INSERT INTO saml_authn_requests (request_id, identity_provider_id, browser_hash, return_to, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [request.requestID, request.identityProviderID, request.browserHash, request.returnTo, now, request.expiresAt])
    }

    /// The request with this id while it is outstanding, left in place: the assertion consumer service
    /// checks that a response answers one, and the browser's return takes it.
    package func findRequest(id: String, now: Int) throws -> OutstandingRequest? {
        try db.queryOne(
            "SELECT \(Self.requestColumns) FROM saml_authn_requests WHERE request_id = ? AND expires_at > ?", [id, now]
        ).map { try Self.request(id, $0) }
    }

    /// The request with this id, removed so it answers once; nil when unknown, used or expired.
    package func takeRequest(id: String, now: Int) throws -> OutstandingRequest? {
        guard
            let row = try db.queryOne("DELETE FROM saml_authn_requests WHERE request_id = ? RETURNING \(Self.requestColumns)", [id])
        else { return nil }
        let request = try Self.request(id, row)
        return request.expiresAt > now ? request : nil
    }

    private static let requestColumns = "identity_provider_id, browser_hash, return_to, expires_at"

    private static func request(_ id: String, _ row: Row) throws -> OutstandingRequest {
        OutstandingRequest(
            requestID: id, identityProviderID: try row["identity_provider_id"], browserHash: try row["browser_hash"],
            returnTo: try row["return_to"], expiresAt: try row["expires_at"])
    }

    // MARK: Replay

    /// Records that the assertion was used; false when it already was (a replay).
    package func consume(assertionID: String, identityProviderID: String, expiresAt: Int) throws -> Bool {
        try db.execute(
            "INSERT OR IGNORE INTO saml_consumed_assertions (identity_provider_id, assertion_id, expires_at) VALUES (?, ?, ?)",
            [identityProviderID, assertionID, expiresAt])
        return db.changes == 1
    }

    // MARK: Pending sign-ins

    package func savePending(_ pending: PendingSignIn, tokenHash: String) throws {
        try db.execute(
            """
            INSERT INTO saml_pending_sign_ins
                (token_hash, identity_provider_id, user_id, request_id, mfa_satisfied, session_index, return_to, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                tokenHash, pending.identityProviderID, pending.userID, pending.requestID, pending.mfaSatisfied, pending.sessionIndex,
                pending.returnTo, pending.expiresAt,
            ])
    }

    /// The pending sign-in with this token hash, removed so it completes once; nil when unknown or expired.
    package func takePending(tokenHash: String, now: Int) throws -> PendingSignIn? {
        guard
            let row = try db.queryOne(
                """
                DELETE FROM saml_pending_sign_ins WHERE token_hash = ?
                RETURNING identity_provider_id, user_id, request_id, mfa_satisfied, session_index, return_to, expires_at
                """, [tokenHash])
        else { return nil }
        let pending = PendingSignIn(
            identityProviderID: try row["identity_provider_id"], userID: try row["user_id"], requestID: try row["request_id"],
            mfaSatisfied: try row["mfa_satisfied"], sessionIndex: try row["session_index"], returnTo: try row["return_to"],
            expiresAt: try row["expires_at"])
        return pending.expiresAt > now ? pending : nil
    }

    /// Removes what expired before `now`; returns how many rows went.
    @discardableResult
    package func prune(now: Int) throws -> Int {
        var removed = 0
        for table in ["saml_authn_requests", "saml_consumed_assertions", "saml_pending_sign_ins"] {
            try db.execute("DELETE FROM \(table) WHERE expires_at <= ?", [now])
            removed += db.changes
        }
        return removed
    }
}
