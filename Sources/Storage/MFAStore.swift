import Domain
import SQLite

/// TOTP devices and recovery codes, with the bookkeeping that makes each code usable once.
///
/// Replay prevention lives in SQL: `recordUse` and `consumeRecoveryCode` are single conditional
/// `UPDATE`s, so two requests racing with the same code cannot both succeed, whatever the caller does
/// between verifying and recording.
package struct MFAStore {
    /// The most recovery codes one user holds.
    package static let maximumRecoveryCodes = 20

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = "id, user_id, name, secret, created_at, confirmed_at, last_used_step"

    // MARK: Devices

    /// Stores a new, unconfirmed device for the user, replacing any enrolment they left unconfirmed.
    ///
    /// Only one pending secret per user exists at a time, so abandoned enrolments do not pile up secrets
    /// nobody will ever confirm. Throws `ValidationErrors` for a bad name, `StoreError.duplicate(field:
    /// "name")` when a confirmed device already has it, `StoreError.missingReference` without such a user.
    package func addDevice(userID: String, name: String, sealedSecret: [UInt8], now: Int) throws -> MFADevice {
        var errors: [FieldError] = []
        if let reason = MFADevice.nameProblem(name) { errors.append(FieldError("name", reason)) }
        if sealedSecret.count != MFADevice.sealedSecretLength {
            errors.append(FieldError("secret", "must be sealed (\(MFADevice.sealedSecretLength) bytes)"))
        }
        try ValidationErrors.check(errors)
        try db.execute("DELETE FROM mfa_devices WHERE user_id = ? AND confirmed_at IS NULL", [userID])
        do {
            try StoreError.mappingDuplicate(compositeField: "name") {
                try db.execute(
                    "INSERT INTO mfa_devices (user_id, name, secret, created_at) VALUES (?, ?, ?, ?)", [userID, name, sealedSecret, now])
            }
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: userID)
        }
        return MFADevice(id: db.lastInsertRowID, userID: userID, name: name, sealedSecret: sealedSecret, createdAt: now)
    }

    /// Marks the user's pending device confirmed by a first code from time step `step`, which becomes the
    /// last used step so that same code cannot then sign anyone in. Returns false when there is no such
    /// unconfirmed device of this user.
    package func confirmDevice(id: Int64, userID: String, step: Int, now: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE mfa_devices SET confirmed_at = ?3, last_used_step = ?4
            WHERE id = ?1 AND user_id = ?2 AND confirmed_at IS NULL
            """,
            [id, userID, now, step])
        return db.changes == 1
    }

    /// The user's devices, confirmed or not, oldest first.
    package func devices(userID: String) throws -> [MFADevice] {
        try db.query("SELECT \(Self.columns) FROM mfa_devices WHERE user_id = ? ORDER BY created_at, id", [userID])
            .map(Self.device)
    }

    /// The device with this id if it belongs to the user.
    package func device(id: Int64, userID: String) throws -> MFADevice? {
        try db.queryOne("SELECT \(Self.columns) FROM mfa_devices WHERE id = ? AND user_id = ?", [id, userID]).map(Self.device)
    }

    /// Whether the user has a device that sign-in can ask for a code from.
    package func hasConfirmedDevice(userID: String) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM mfa_devices WHERE user_id = ? AND confirmed_at IS NOT NULL)", [userID])
    }

    /// Deletes one of the user's own devices; false when the user has no device with this id.
    @discardableResult
    package func deleteDevice(id: Int64, userID: String) throws -> Bool {
        try db.execute("DELETE FROM mfa_devices WHERE id = ? AND user_id = ?", [id, userID])
        return db.changes == 1
    }

    /// Removes every device and recovery code of the user (an admin's MFA reset); returns the devices removed.
    @discardableResult
    package func deleteAll(userID: String) throws -> Int {
        try db.execute("DELETE FROM mfa_devices WHERE user_id = ?", [userID])
        let devices = db.changes
        try db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [userID])
        return devices
    }

    /// Accepts time step `step` from a confirmed device only if it is later than every step accepted
    /// before; returns false for a replayed or older code (RFC 6238 §5.2).
    package func recordUse(deviceID: Int64, step: Int) throws -> Bool {
        try db.execute(
            """
            UPDATE mfa_devices SET last_used_step = ?2
            WHERE id = ?1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < ?2)
            """,
            [deviceID, step])
        return db.changes == 1
    }

    /// Devices whose secret is still the plaintext an older version stored; the server seals them at start.
    package func devicesWithPlaintextSecrets() throws -> [MFADevice] {
        try db.query("SELECT \(Self.columns) FROM mfa_devices WHERE length(secret) = ?", [MFADevice.secretLength]).map(Self.device)
    }

    /// Every device's secret, for the start-up check that the data directory's key opens them.
    package func allDevices() throws -> [MFADevice] {
        try db.query("SELECT \(Self.columns) FROM mfa_devices ORDER BY id").map(Self.device)
    }

    /// Replaces a device's stored secret by its sealed form.
    package func storeSealedSecret(deviceID: Int64, sealedSecret: [UInt8]) throws {
        precondition(sealedSecret.count == MFADevice.sealedSecretLength, "only a sealed secret replaces a plaintext one")
        try db.execute("UPDATE mfa_devices SET secret = ?2 WHERE id = ?1", [deviceID, sealedSecret])
    }

    // MARK: Recovery codes

    /// Replaces all the user's recovery codes with these hashes (lowercase hex SHA-256 of the normalized
    /// codes), so codes shown earlier stop working the moment new ones are made.
    package func replaceRecoveryCodes(userID: String, hashes: [String]) throws {
        guard hashes.count <= Self.maximumRecoveryCodes, Set(hashes).count == hashes.count else {
            throw ValidationErrors([FieldError("recovery_codes", "must be at most \(Self.maximumRecoveryCodes) distinct codes")])
        }
        try db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [userID])
        do {
            for hash in hashes {
                try db.execute("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", [userID, hash])
            }
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.missingReference(field: "user_id", value: userID)
        }
    }

    /// Uses the recovery code with this hash; true exactly once per code, false for unknown or used codes.
    package func consumeRecoveryCode(userID: String, hash: String, now: Int) throws -> Bool {
        try db.execute(
            "UPDATE recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
            [userID, hash, now])
        return db.changes == 1
    }

    /// How many of the user's recovery codes are still unused.
    package func remainingRecoveryCodes(userID: String) throws -> Int {
        try db.scalar("SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", [userID])
    }

    static func device(_ row: Row) throws -> MFADevice {
        MFADevice(
            id: try row["id"], userID: try row["user_id"], name: try row["name"], sealedSecret: try row["secret"],
            createdAt: try row["created_at"], confirmedAt: try row["confirmed_at"], lastUsedStep: try row["last_used_step"])
    }
}
