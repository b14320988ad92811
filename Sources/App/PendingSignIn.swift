/// The signed `portico_mfa` cookie between the password and the second factor: whose password was
/// right, and until when the code may be entered.
///
/// It grants nothing by itself: it only lets the MFA form be shown and checked for that user. The MAC
/// (server secret, compared in constant time) stops a visitor from naming another user, and the
/// expiry keeps a stolen copy short-lived.
struct PendingSignIn: Equatable, Sendable {
    static let purpose = "mfa-pending"

    let userID: String
    let expiresAt: Int

    /// `<user id>.<expiry>.<mac>`: user ids are UUIDs, so every part is plain cookie octets.
    func cookieValue(secret: ServerSecret) -> String {
        let payload = "\(userID).\(expiresAt)"
        return payload + "." + secret.mac(Self.purpose, payload)
    }

    /// The pending sign-in a cookie carries, or nil when it is malformed, forged or expired.
    static func decode(_ value: String?, secret: ServerSecret, now: Int) -> PendingSignIn? {
        guard let value, value.utf8.count <= 256 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let expiresAt = Int(parts[1]) else { return nil }
        guard secret.verify(String(parts[2]), purpose: purpose, "\(parts[0]).\(parts[1])"), expiresAt > now else { return nil }
        return PendingSignIn(userID: String(parts[0]), expiresAt: expiresAt)
    }
}
