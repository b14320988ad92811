import Crypto
import Domain
import SQLite
import Storage

/// Checks a second-factor code, a TOTP code or a recovery code, and uses it up: the sign-in code step and
/// "confirm it's you" accept the same codes the same way.
struct SecondFactorCheck {
    let authentication: Authentication

    /// How the code proves the second factor, having used it up in the caller's transaction; nil when it
    /// proves nothing.
    func accept(_ typed: String, userID: String, db: Connection) throws -> PortalSession.AuthMethod? {
        let code = typed.filter { $0 != " " }
        let store = MFAStore(db)
        if code.utf8.count == 6, code.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            let now = authentication.clock.epochSeconds
            for device in try store.devices(userID: userID) where device.isConfirmed {
                guard let secret = authentication.totpSecrets.open(device),
                    let step = TOTP.verify(code, secret: secret, at: now, window: 1)
                else { continue }
                // The store accepts each step once, so a code seen over a shoulder cannot be replayed.
                return try store.recordUse(deviceID: device.id, step: step) ? .passwordAndTOTP : nil
            }
            return nil
        }
        guard let recovery = RecoveryCode.normalized(code) else { return nil }
        let used = try store.consumeRecoveryCode(
            userID: userID, hash: SHA256.hexHash(Array(recovery.utf8)), now: authentication.clock.epochSeconds)
        return used ? .passwordAndRecoveryCode : nil
    }
}
