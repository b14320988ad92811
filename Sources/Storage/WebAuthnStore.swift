import Domain
import JSON
import SQLite

/// Security keys and passkeys (WebAuthn credentials), and the challenges already answered.
///
/// As for TOTP codes, replay prevention lives in SQL: `answer(challengeHash:)` is one `INSERT` into a table
/// whose primary key is the challenge, and `recordUse` one conditional `UPDATE` that only moves the
/// signature counter forwards, so two requests racing with one assertion cannot both succeed.
package struct WebAuthnStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = """
        id, user_id, credential_id, public_key, algorithm, sign_count, name, discoverable, backup_eligible, transports, \
        created_at, last_used_at
        """

    /// Stores a newly registered credential; throws `ValidationErrors` for a bad name,
    /// `StoreError.duplicate(field: "name")` when the user has one of that name, `.duplicate(field:
    /// "credential_id")` when the credential is registered already (to anyone).
    package func add(_ credential: WebAuthnCredential) throws -> WebAuthnCredential {
        if let reason = WebAuthnCredential.nameProblem(credential.name) {
            throw ValidationErrors([FieldError("name", reason)])
        }
        let transports = JSONNode.array(credential.transports.map(JSONNode.string)).text()
        do {
            try StoreError.mappingDuplicate(compositeField: "name") {
                try db.execute(
                    """
                    INSERT INTO webauthn_credentials
                        (user_id, credential_id, public_key, algorithm, sign_count, name, discoverable, backup_eligible, transports, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        credential.userID, credential.credentialID, credential.publicKey, credential.algorithm, Int(credential.signCount),
                        credential.name, credential.discoverable, credential.backupEligible, transports, credential.createdAt,
                    ])
            }
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: credential.userID)
        }
        var stored = credential
        stored.id = db.lastInsertRowID
        return stored
    }

    /// The user's credentials, oldest first.
    package func credentials(userID: String) throws -> [WebAuthnCredential] {
        try db.query("SELECT \(Self.columns) FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at, id", [userID])
            .map(Self.credential)
    }

    /// The credential with this WebAuthn id, whoever holds it: a passkey sign-in learns the user from it.
    package func credential(credentialID: [UInt8]) throws -> WebAuthnCredential? {
        try db.queryOne("SELECT \(Self.columns) FROM webauthn_credentials WHERE credential_id = ?", [credentialID])
            .map(Self.credential)
    }

    /// The credential with this row id if it belongs to the user.
    package func credential(id: Int64, userID: String) throws -> WebAuthnCredential? {
        try db.queryOne("SELECT \(Self.columns) FROM webauthn_credentials WHERE id = ? AND user_id = ?", [id, userID])
            .map(Self.credential)
    }

    /// Whether the user has a security key or passkey.
    package func hasCredential(userID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM webauthn_credentials WHERE user_id = ?)", [userID])
    }

    /// Records a sign-in with the credential: its new counter and the time. False when the counter does not
    /// move forwards from the stored one (WebAuthn §7.2 step 22; both zero means the authenticator keeps none),
    /// which also loses a race between two requests carrying the same assertion.
    package func recordUse(id: Int64, signCount: UInt32, now: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE webauthn_credentials SET sign_count = ?2, last_used_at = ?3
            WHERE id = ?1 AND (sign_count < ?2 OR (sign_count = 0 AND ?2 = 0))
            """,
            [id, Int(signCount), now])
        return db.changes == 1
    }

    /// Deletes one of the user's own credentials; false when the user has none with this id.
    @discardableResult
    package func delete(id: Int64, userID: String) throws -> Bool {
        try db.execute("DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?", [id, userID])
        return db.changes == 1
    }

    /// Removes every credential of the user (an admin's MFA reset); returns how many.
    @discardableResult
    package func deleteAll(userID: String) throws -> Int {
        try db.execute("DELETE FROM webauthn_credentials WHERE user_id = ?", [userID])
        return db.changes
    }

    // MARK: Challenges

    /// Records that the challenge with this hash was answered; false when it was answered before (a replay).
    /// `expiresAt` is the challenge's own expiry, after which `pruneAnsweredChallenges` forgets it: an expired
    /// challenge is refused by its MAC'd expiry anyway.
    package func answer(challengeHash: String, expiresAt: Int) throws -> Bool {
        try db.execute(
            "INSERT INTO webauthn_answered_challenges (challenge_hash, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [challengeHash, expiresAt])
        return db.changes == 1
    }

    /// Forgets answered challenges that expired before `now`; returns how many.
    @discardableResult
    package func pruneAnsweredChallenges(now: Int) throws -> Int {
        try db.execute("DELETE FROM webauthn_answered_challenges WHERE expires_at < ?", [now])
        return db.changes
    }

    /// The transports column's strings; anything else (never written by `add`) reads as none.
    private static func strings(_ text: String) -> [String] {
        guard case .array(let elements) = try? JSONNode.parse(Array(text.utf8)) else { return [] }
        return elements.compactMap { element in
            if case .string(let value) = element { value } else { nil }
        }
    }

    static func credential(_ row: Row) throws -> WebAuthnCredential {
        let transports: String = try row["transports"]
        let signCount: Int = try row["sign_count"]
        return WebAuthnCredential(
            id: try row["id"], userID: try row["user_id"], credentialID: try row["credential_id"], publicKey: try row["public_key"],
            algorithm: try row["algorithm"], signCount: UInt32(clamping: signCount), name: try row["name"],
            discoverable: try row["discoverable"], backupEligible: try row["backup_eligible"],
            transports: Self.strings(transports),
            createdAt: try row["created_at"], lastUsedAt: try row["last_used_at"])
    }
}
