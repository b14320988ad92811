/// The signed `portico_mfa` cookie between the password and the second factor: whose password was
/// right, until when the next step may be taken, and whether that step is a code or a forced enrolment.
///
/// It grants nothing by itself: it only lets the MFA form, or for a user without a device under the
/// `always` setting the enrolment form, be shown and checked for that user. The MAC (server secret,
/// compared in constant time) covers the enrolment marker too, so a code-step cookie cannot be turned
/// into one that enrols a new authenticator, and the expiry keeps a stolen copy short-lived.
struct PendingSignIn: Equatable, Sendable {
    static let purpose = "mfa-pending"
    private static let enrolmentMarker = "enrol"

    let userID: String
    let expiresAt: Int
    /// True when the user has no confirmed device and must enrol one before a session starts.
    var mustEnrol = false

    /// `<user id>.<expiry>.<mac>`, or `<user id>.<expiry>.enrol.<mac>`: user ids are UUIDs, so every
    /// part is plain cookie octets.
    func cookieValue(secret: ServerSecret) -> String {
        let payload = mustEnrol ? "\(userID).\(expiresAt).\(Self.enrolmentMarker)" : "\(userID).\(expiresAt)"
        return payload + "." + secret.mac(Self.purpose, payload)
    }

    /// The pending sign-in a cookie carries, or nil when it is malformed, forged or expired.
    static func decode(_ value: String?, secret: ServerSecret, now: Int) -> PendingSignIn? {
        guard let value, value.utf8.count <= 256 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || (parts.count == 4 && parts[2] == enrolmentMarker), !parts[0].isEmpty,
            let expiresAt = Int(parts[1])
        else { return nil }
        let payload = parts.dropLast().joined(separator: ".")
        guard secret.verify(String(parts[parts.count - 1]), purpose: purpose, payload), expiresAt > now else { return nil }
        return PendingSignIn(userID: String(parts[0]), expiresAt: expiresAt, mustEnrol: parts.count == 4)
    }
}
