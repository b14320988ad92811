/// A device authorization (RFC 8628): a CLI waiting, with its device code, for a person to approve its user
/// code in the browser.
package struct DeviceAuthorization: Hashable, Sendable {
    /// Where the authorization is in its one-way life.
    package enum Status: String, Hashable, Sendable {
        case pending
        case approved
        case denied
        /// Approved and turned into a session: the device code answers no more.
        case redeemed
    }

    /// How long a person has to approve, as at AWS ("short-lived (currently only 10 minutes)").
    package static let lifetime = 600
    /// The least time between two polls: RFC 8628 §3.5's default.
    package static let pollingInterval = 5

    package var deviceCodeHash: String
    package var client: PortalSession.CLIClient
    package var createdAt: Int
    package var expiresAt: Int
    /// The address and user agent the CLI asked from, shown to the person approving.
    package var ip: String
    package var userAgent: String
    package var status: Status
    /// Who approved or denied it, and how they had signed in (the CLI session inherits it).
    package var userID: String?
    package var authMethod: PortalSession.AuthMethod?
    package var decidedAt: Int?

    package init(
        deviceCodeHash: String, client: PortalSession.CLIClient, createdAt: Int, expiresAt: Int, ip: String, userAgent: String,
        status: Status = .pending, userID: String? = nil, authMethod: PortalSession.AuthMethod? = nil, decidedAt: Int? = nil
    ) {
        self.deviceCodeHash = deviceCodeHash
        self.client = client
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.ip = ip
        self.userAgent = userAgent
        self.status = status
        self.userID = userID
        self.authMethod = authMethod
        self.decidedAt = decidedAt
    }

    package func isExpired(at now: Int) -> Bool { now >= expiresAt }
}
