import SQLite
import Storage
import Web

extension TOTPSecretBox {
    /// Seals the secrets an older version stored in plain text, then checks that this key opens every
    /// secret the database holds.
    ///
    /// A `secret.key` that does not open them (replaced, or restored from another backup than the
    /// database) stops the start: otherwise every code would be refused with "not valid" and nobody would
    /// know why. A few secrets that do not open while the rest do are logged and left for an MFA reset.
    func prepare(_ database: Database, log: AccessLog) throws(StartupError) {
        let (sealed, unreadable, total): (Int, [Int64], Int)
        do {
            (sealed, unreadable, total) = try database.write { db in
                let store = MFAStore(db)
                let plaintext = try store.devicesWithPlaintextSecrets()
                for device in plaintext {
                    try store.storeSealedSecret(
                        deviceID: device.id, sealedSecret: seal(device.sealedSecret, userID: device.userID))
                }
                let devices = try store.allDevices()
                return (plaintext.count, devices.filter { open($0) == nil }.map(\.id), devices.count)
            }
        } catch {
            throw StartupError("cannot seal the TOTP secrets in the database: \(error)")
        }
        if sealed > 0 { log.log(.info, "TOTP secrets sealed", fields: [("devices", String(sealed))]) }
        guard unreadable.isEmpty else {
            guard unreadable.count < total else {
                throw StartupError(
                    "secret.key does not open the \(total) TOTP secrets in the database: it is not the key they were sealed with. "
                        + "Restore the secret.key that belongs to this database")
            }
            log.log(
                .warning, "TOTP secrets that secret.key does not open; reset those users' MFA",
                fields: [("devices", unreadable.map(String.init).joined(separator: " "))])
            return
        }
    }
}
