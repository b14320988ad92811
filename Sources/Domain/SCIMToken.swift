/// A bearer token an identity provider (Microsoft Entra, Okta, Google) provisions users and groups with.
///
/// Only the SHA-256 of the token is stored; the token itself is shown once, when it is made. Tokens are
/// named so an admin can tell which connection uses which, carry an optional expiry, and several can be
/// active at once so a new one can be put in place before the old one is revoked.
package struct SCIMToken: Hashable, Sendable {
    /// The longest name, in characters.
    package static let maximumNameLength = 64

    package var id: Int64
    package var name: String
    package var createdAt: Int
    package var expiresAt: Int?
    /// Updated at most once a minute, like a session's last-seen time.
    package var lastUsedAt: Int?
    package var revokedAt: Int?

    package init(id: Int64, name: String, createdAt: Int, expiresAt: Int? = nil, lastUsedAt: Int? = nil, revokedAt: Int? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Whether the token still admits its holder at `now`: not revoked and not expired.
    package func isActive(at now: Int) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// Why `name` cannot name a token, or nil when it can.
    package static func nameProblem(_ name: String) -> String? {
        FieldRules.text(name, required: true, maximum: maximumNameLength)
    }
}
