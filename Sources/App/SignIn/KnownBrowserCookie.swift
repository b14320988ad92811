import Crypto
import SQLite
import Storage

/// The signed `portico_known_browser` cookie: "this browser passed a second factor for this user
/// within the last 30 days", which lets the `new-device` setting skip the code step there.
///
/// It is set only after a code or recovery code was accepted, never refreshed by a password alone, so a
/// copied cookie stops working 30 days after the last real second factor. One user per cookie: the
/// last one who passed MFA in this browser. It grants nothing without that user's password, and the
/// MAC (server secret, its own purpose, compared in constant time) covers the user id, the expiry and a
/// fingerprint of the user's current credentials, so it cannot be moved to another user or stretched, and
/// a password change, a removed device or an admin's MFA reset turns every remembered browser back into a
/// new one.
struct KnownBrowserCookie: Equatable, Sendable {
    static let purpose = "known-browser"
    static let lifetimeSeconds = 30 * 24 * 60 * 60

    let userID: String
    let expiresAt: Int

    /// The cookie for `userID`, valid for 30 days from `now`.
    init(userID: String, now: Int) {
        self.init(userID: userID, expiresAt: now + Self.lifetimeSeconds)
    }

    init(userID: String, expiresAt: Int) {
        self.userID = userID
        self.expiresAt = expiresAt
    }

    /// `<user id>.<expiry>.<base64url HMAC-SHA256>`: user ids are UUIDs, so every part is plain cookie octets.
    /// `credentials` is `credentialFingerprint(userID:db:)` at the time the second factor was accepted.
    func cookieValue(secret: ServerSecret, credentials: String) -> String {
        "\(userID).\(expiresAt)." + Self.mac(userID: userID, expiresAt: expiresAt, credentials: credentials, secret: secret)
    }

    /// What the user's credentials are now: the password hash (its salt changes with every new password),
    /// the confirmed devices and the security keys. Not secret by itself; it only has to change when they change.
    ///
    /// Keys join the text only when there are some, so the cookies of people without keys, made before keys
    /// counted, stay valid.
    static func credentialFingerprint(userID: String, db: Connection) throws -> String {
        let password = try CredentialStore(db).passwordHash(userID: userID) ?? ""
        let devices = try MFAStore(db).devices(userID: userID).filter(\.isConfirmed).map { String($0.id) }.sorted()
        // Credential ids, not row ids: a key's row id can come back for the next key once it is removed.
        let keys = try WebAuthnStore(db).credentials(userID: userID).map { Base64URL.encode($0.credentialID) }.sorted()
        let text = password + "|" + devices.joined(separator: ",") + (keys.isEmpty ? "" : "|keys:" + keys.joined(separator: ","))
        return SHA256.hexHash(Array(text.utf8))
    }

    /// Whether `value` is a genuine, unexpired known-browser cookie for `userID`; a cookie for
    /// another user, expired, malformed or with a wrong MAC is simply not one.
    static func vouches(for userID: String, value: String?, credentials: String, secret: ServerSecret, now: Int) -> Bool {
        guard let value, value.utf8.count <= 256 else { return false }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiresAt = Int(parts[1]), String(parts[1]) == String(expiresAt) else { return false }
        // The MAC is checked before anything else about the contents is believed.
        let expected = mac(userID: String(parts[0]), expiresAt: expiresAt, credentials: credentials, secret: secret)
        guard ConstantTime.equals(Array(parts[2].utf8), Array(expected.utf8)) else { return false }
        return parts[0] == userID && expiresAt > now
    }

    /// Base64url of the raw HMAC-SHA256 under the server secret.
    ///
    /// `ServerSecret` keeps its key to itself and MACs `purpose + "\n" + message`, the separation every
    /// server MAC shares, so the message here is `known-browser\n<user id>|<expiry>|<credentials>`.
    private static func mac(userID: String, expiresAt: Int, credentials: String, secret: ServerSecret) -> String {
        Base64URL.encode(bytes(hex: secret.mac(purpose, "\(userID)|\(expiresAt)|\(credentials)")))
    }

    /// The bytes of lowercase hex that `ServerSecret.mac` produced (always well-formed).
    private static func bytes(hex: String) -> [UInt8] {
        func nibble(_ digit: UInt8) -> UInt8 { digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10 }
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }
}
