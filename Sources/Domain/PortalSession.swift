/// A signed-in browser or AWS CLI: who, since when, until when, from where, and whether it was ended early.
///
/// The cookie (or the CLI's access token) carries a random token; only its hash is stored, so this value
/// never holds anything that could be replayed. Times are whole Unix seconds, as the database keeps them.
package struct PortalSession: Hashable, Sendable {
    /// The SSO-OIDC client a CLI session was issued to: its registered id and the name it gave.
    package struct CLIClient: Hashable, Sendable {
        package var id: String
        package var name: String

        package init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// How the user proved who they are when this session began; shown in the session list and audit log.
    package enum AuthMethod: String, CaseIterable, Hashable, Sendable {
        case password
        case passwordAndTOTP = "password+totp"
        case passwordAndRecoveryCode = "password+recovery"
        /// A password, then a security key or passkey (WebAuthn) as the second factor.
        case passwordAndSecurityKey = "password+webauthn"
        /// A discoverable WebAuthn credential that verified its user (PIN or biometrics): both factors at once.
        case passkey
        case saml
        /// An identity provider's assertion, then a security key as Portico's own second factor: what a member
        /// of a phishing-resistant group signs in with through their organisation.
        case samlAndSecurityKey = "saml+webauthn"

        /// Whether a phishing page could not have relayed this sign-in's second factor: WebAuthn binds its
        /// signature to Portico's origin, where a code typed by hand can be passed on.
        package var isPhishingResistant: Bool { self == .passwordAndSecurityKey || self == .passkey || self == .samlAndSecurityKey }
    }

    package var id: Int64
    package var userID: String
    package var createdAt: Int
    package var expiresAt: Int
    /// Updated at most once a minute, so a busy page does not turn every request into a write.
    package var lastSeenAt: Int
    package var ip: String
    package var userAgent: String
    package var authMethod: AuthMethod
    /// When the holder last proved who they are in this session: at sign-in, or again before a sensitive
    /// change (a new authenticator, a new password), which a stolen cookie alone must not allow.
    package var verifiedAt: Int
    package var revokedAt: Int?
    /// Who ended the session early: a user id, or a fixed name such as `logout` or `user.disable`.
    package var revokedBy: String?
    /// Set for a CLI session (an SSO-OIDC access token), nil for a browser's.
    package var cliClient: CLIClient?

    package init(
        id: Int64, userID: String, createdAt: Int, expiresAt: Int, lastSeenAt: Int, ip: String, userAgent: String,
        authMethod: AuthMethod, verifiedAt: Int? = nil, revokedAt: Int? = nil, revokedBy: String? = nil, cliClient: CLIClient? = nil
    ) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
        self.ip = ip
        self.userAgent = userAgent
        self.authMethod = authMethod
        self.verifiedAt = verifiedAt ?? createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.cliClient = cliClient
    }

    package var lifetime: SessionLifetime { SessionLifetime(createdAt: createdAt, expiresAt: expiresAt) }

    /// Whether the holder proved who they are within the last `seconds` before `now`.
    package func isRecentlyVerified(at now: Int, within seconds: Int) -> Bool {
        now - verifiedAt < seconds && verifiedAt <= now
    }

    /// Whether the session still admits its holder at `now`: not revoked and not yet expired.
    package func isActive(at now: Int) -> Bool {
        revokedAt == nil && !lifetime.isExpired(at: now)
    }
}
