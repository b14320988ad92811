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
    private static let verifiedMarker = "verified"

    private static let identityProviderPrefix = "idp-"

    let userID: String
    let expiresAt: Int
    /// True when the user has no confirmed device and must enrol one before a session starts.
    var mustEnrol = false
    /// With `mustEnrol`: the user passed a second factor that their groups no longer accept (a code where a
    /// security key is required), which lets them add a key although they have an authenticator.
    var secondFactorVerified = false
    /// The identity provider whose sign-in was the first factor, instead of a password.
    var identityProviderID: String?

    /// `<user id>.<expiry>[.enrol[.verified]][.idp-<provider id>].<mac>`: ids are UUIDs, so every part is plain
    /// cookie octets, and the MAC covers the markers too.
    func cookieValue(secret: ServerSecret) -> String {
        var parts = [userID, String(expiresAt)]
        if mustEnrol { parts.append(Self.enrolmentMarker) }
        if mustEnrol && secondFactorVerified { parts.append(Self.verifiedMarker) }
        if let identityProviderID { parts.append(Self.identityProviderPrefix + identityProviderID) }
        let payload = parts.joined(separator: ".")
        return payload + "." + secret.mac(Self.purpose, payload)
    }

    /// The pending sign-in a cookie carries, or nil when it is malformed, forged or expired.
    static func decode(_ value: String?, secret: ServerSecret, now: Int) -> PendingSignIn? {
        guard let value, value.utf8.count <= 256 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard (3...6).contains(parts.count), !parts[0].isEmpty, let expiresAt = Int(parts[1]) else { return nil }
        let payload = parts.dropLast().joined(separator: ".")
        guard secret.verify(String(parts[parts.count - 1]), purpose: purpose, payload), expiresAt > now else { return nil }
        var pending = PendingSignIn(userID: String(parts[0]), expiresAt: expiresAt)
        for marker in parts.dropFirst(2).dropLast() {
            if marker == enrolmentMarker, !pending.mustEnrol, pending.identityProviderID == nil {
                pending.mustEnrol = true
            } else if marker == verifiedMarker, pending.mustEnrol, !pending.secondFactorVerified, pending.identityProviderID == nil {
                pending.secondFactorVerified = true
            } else if marker.hasPrefix(identityProviderPrefix), pending.identityProviderID == nil {
                pending.identityProviderID = String(marker.dropFirst(identityProviderPrefix.count))
            } else {
                return nil
            }
        }
        return pending
    }
}
