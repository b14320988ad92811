/// What a group asks of its members' second factor, on top of the portal-wide `MFAMode`.
///
/// IAM Identity Center lets admins require MFA and choose which kinds count; Portico does the same per group,
/// so admins and vendors can be held to security keys while everyone else may also use an authenticator app.
/// A user in several groups is held to the strictest of their groups' rules.
package enum MFARule: String, CaseIterable, Comparable, Hashable, Sendable {
    /// The portal-wide setting alone decides.
    case none
    /// Members must have a second factor and are asked for it at sign-in, whatever the portal-wide setting.
    case required
    /// Members must use a security key or passkey (WebAuthn); authenticator codes and recovery codes are refused.
    case phishingResistant = "phishing-resistant"

    private var strictness: Int {
        switch self {
        case .none: 0
        case .required: 1
        case .phishingResistant: 2
        }
    }

    package static func < (lhs: MFARule, rhs: MFARule) -> Bool { lhs.strictness < rhs.strictness }

    /// What the admin pages call the rule.
    package var label: String {
        switch self {
        case .none: "No rule of its own (the portal-wide setting applies)"
        case .required: "MFA required (authenticator app or security key)"
        case .phishingResistant: "Phishing-resistant MFA only (security key or passkey)"
        }
    }
}
