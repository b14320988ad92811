import Crypto
import SQLite
import Storage

/// The one-time challenges a security key signs: issued without a write, usable once, for five minutes.
///
/// A challenge is 16 random bytes, its expiry (8 bytes, big-endian) and an HMAC under the server secret over
/// both, the purpose and the user it was issued for. So showing the sign-in page writes nothing, a challenge
/// made for one user or step is refused for another, and an old one is refused by its own expiry. The answer
/// is recorded (`WebAuthnStore.answer`) in the transaction that accepts it, whose primary key refuses a
/// second answer: a replayed assertion fails even within the five minutes.
enum WebAuthnChallenge {
    /// What the challenge may be answered for.
    enum Purpose: String, Sendable {
        /// Adding a security key or passkey.
        case registration
        /// The second step of a sign-in that began with a password or an identity provider.
        case secondFactor = "second-factor"
        /// Signing in with a passkey alone, before anyone is known.
        case passkey
        /// "Confirm it's you" before a change to how one signs in.
        case confirmation
    }

    static let lifetimeSeconds = 5 * 60
    private static let nonceLength = 16
    private static let expiryLength = 8
    private static let macLength = 32
    static let length = nonceLength + expiryLength + macLength

    /// A fresh challenge for `purpose`, bound to `userID` ("" before anyone is known).
    static func issue(purpose: Purpose, userID: String, secret: ServerSecret, now: Int) -> [UInt8] {
        let nonce = SecureRandom.bytes(nonceLength)
        let expiry = UInt64(now + lifetimeSeconds)
        let expiryBytes = (0..<expiryLength).map { UInt8(truncatingIfNeeded: expiry >> (8 * UInt64(expiryLength - 1 - $0))) }
        let signed = nonce + expiryBytes
        return signed + mac(signed, purpose: purpose, userID: userID, secret: secret)
    }

    /// Accepts `challenge` once, in the caller's transaction: true when Portico issued it for this purpose and
    /// user, it has not expired, and it was never answered before.
    static func accept(
        _ challenge: [UInt8], purpose: Purpose, userID: String, secret: ServerSecret, now: Int, db: Connection
    ) throws -> Bool {
        guard challenge.count == length else { return false }
        let signed = Array(challenge[..<(nonceLength + expiryLength)])
        guard
            ConstantTime.equals(
                Array(challenge[(nonceLength + expiryLength)...]), mac(signed, purpose: purpose, userID: userID, secret: secret))
        else { return false }
        let expiry = signed[nonceLength...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard expiry > UInt64(max(now, 0)), expiry <= UInt64(now + lifetimeSeconds) else { return false }
        return try WebAuthnStore(db).answer(challengeHash: SHA256.hexHash(challenge), expiresAt: Int(expiry))
    }

    private static func mac(_ signed: [UInt8], purpose: Purpose, userID: String, secret: ServerSecret) -> [UInt8] {
        HMAC.sha256(
            key: secret.derivedKey("webauthn-challenge"), message: Array((purpose.rawValue + "\n" + userID + "\n").utf8) + signed)
    }
}
