import Crypto
import Domain
import JSON
import QRCode
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// The steps both enrolment flows share (`/me/mfa` for a signed-in user, `/mfa/enrol` during a forced
/// sign-in): start a device, show its secret, confirm it with a first code and issue recovery codes.
///
/// A device only counts once a code computed from its secret came back, which proves the user's app
/// holds the secret. The confirming step is stored as the device's last used step, so the same code
/// cannot then complete a sign-in.
enum MFAEnrolment {
    static let issuer = "Portico"
    static let recoveryCodeCount = 10
    /// The name of the device enrolled during a forced sign-in, which the user can rename by re-enrolling.
    static let firstDeviceName = "Authenticator app"
    /// The name of a security key added during a forced sign-in when the user gave none.
    static let firstSecurityKeyName = "Security key"
    static let wrongCode = "That code is not right. Enter the 6-digit code your authenticator app shows now for Portico."
    static let qrLabel = "QR code to add Portico to your authenticator app"

    /// Why a confirmation did not complete.
    enum Refusal: Error {
        /// The device is no longer pending: confirmed already, or replaced by a newer enrolment.
        case noPendingDevice
        /// The code did not match; the page is shown again for the same device.
        case wrongCode(MFADevice)
    }

    /// A new unconfirmed device with a fresh secret, replacing the user's earlier unconfirmed one.
    static func begin(userID: String, name: String, now: Int, secrets: TOTPSecretBox, db: Connection) throws -> MFADevice {
        try MFAStore(db).addDevice(userID: userID, name: name, sealedSecret: secrets.seal(TOTP.newSecret(), userID: userID), now: now)
    }

    /// What the `mfa-enrol` page shows for a device: the QR code as inline SVG, the secret in base32
    /// grouped in fours for reading aloud or typing, and the `otpauth` link for apps on this device.
    ///
    /// The SVG is passed raw: it is generated here and escapes its own label, nothing in it comes from
    /// the request.
    static func pageValues(device: MFADevice, account: String, secrets: TOTPSecretBox) throws -> TemplateObject {
        guard let secret = secrets.open(device) else { throw HTTPError(.internalServerError, "The authenticator's secret cannot be read.") }
        let uri = TOTP.provisioningURI(secret: secret, account: account, issuer: issuer)
        let svg = try QRCode.encode(uri).svg(moduleSize: 4, quietZone: 4, label: qrLabel)
        return [
            "deviceID": String(device.id), "deviceName": device.name, "qrCode": TemplateValue.raw(svg),
            "secret": grouped(Base32.encode(secret)), "otpauthURI": uri,
        ]
    }

    /// Confirms the user's pending device with `code` and replaces their recovery codes, in the caller's
    /// transaction; returns the new recovery codes, or nil when the device is not pending or the code is wrong.
    ///
    static func confirm(
        deviceID: Int64, code: String, userID: String, now: Int, secrets: TOTPSecretBox, db: Connection
    ) throws -> (MFADevice, [String])? {
        let store = MFAStore(db)
        guard let device = try store.device(id: deviceID, userID: userID), !device.isConfirmed, let secret = secrets.open(device),
            let step = TOTP.verify(code, secret: secret, at: now, window: 1),
            try store.confirmDevice(id: device.id, userID: userID, step: step, now: now)
        else { return nil }
        return (device, try replaceRecoveryCodes(userID: userID, db: db))
    }

    /// New recovery codes for the user, replacing any they had, in the caller's transaction.
    ///
    /// They are stored as SHA-256 of their canonical form, as `SecondFactorCheck` looks them up.
    static func replaceRecoveryCodes(userID: String, db: Connection) throws -> [String] {
        let codes = RecoveryCode.generate(count: recoveryCodeCount)
        let hashes = codes.map { SHA256.hexHash(Array((RecoveryCode.normalized($0) ?? $0).utf8)) }
        try MFAStore(db).replaceRecoveryCodes(userID: userID, hashes: hashes)
        return codes
    }

    /// What the audit log records of a security key added or removed: never its key, only what names it.
    static func auditDetails(_ credential: WebAuthnCredential) -> [String: JSONNode] {
        [
            "credential": .number(Double(credential.id)), "name": .string(credential.name), "kind": .string(credential.kind),
            "algorithm": .number(Double(credential.algorithm)),
        ]
    }

    /// The user's unconfirmed device with this id, which the enrolment page shows again after a wrong code.
    static func pendingDevice(id: Int64, userID: String, db: Connection) throws -> MFADevice? {
        try MFAStore(db).device(id: id, userID: userID).flatMap { $0.isConfirmed ? nil : $0 }
    }

    /// `ABCD EFGH …`: the base32 secret in groups of four.
    static func grouped(_ text: String) -> String {
        var result = ""
        for (index, character) in text.enumerated() {
            if index > 0 && index % 4 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }
}
