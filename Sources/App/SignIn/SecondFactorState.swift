import Domain
import SQLite
import Storage

/// What one user has for a second factor, and what the portal-wide setting and their groups ask of them:
/// the facts every sign-in step decides from.
struct SecondFactorState: Sendable {
    var requirement: MFARequirement
    var hasAuthenticatorApp: Bool
    var hasSecurityKey: Bool

    /// Reads the user's factors and the strictest rule of their groups.
    init(userID: String, db: Connection) throws {
        requirement = MFARequirement(mode: try SettingsStore(db).mfaMode(), rule: try GroupStore(db).strictestMFARule(userID: userID))
        hasAuthenticatorApp = try MFAStore(db).hasConfirmedDevice(userID: userID)
        hasSecurityKey = try WebAuthnStore(db).hasCredential(userID: userID)
    }

    /// Whether codes (an authenticator app's or a recovery code) may complete a sign-in.
    var acceptsCodes: Bool { !requirement.requiresPhishingResistance }

    /// Whether sign-in has a factor to ask for that the rules accept.
    var hasAcceptedFactor: Bool { hasSecurityKey || (hasAuthenticatorApp && acceptsCodes) }

    /// Whether the user may not have a session before they add a factor the rules accept.
    var mustEnrol: Bool { requirement.requiresSecondFactor && !hasAcceptedFactor }

    /// Whether the user has any second factor at all, accepted or not.
    var hasAnyFactor: Bool { hasSecurityKey || hasAuthenticatorApp }
}
