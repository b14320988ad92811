/// A program registered with Portico's SSO-OIDC service (`RegisterClient`): the AWS CLI, an SDK, a tool.
///
/// Registration needs no credentials, as at AWS: a client proves nothing about a person; the person proves
/// themselves in the browser when they approve its device code or authorization request. The secret lets
/// only the program that registered use the registration; it is stored as its hash.
package struct OIDCClient: Hashable, Sendable {
    /// The grants a client may use (RFC 6749, RFC 8628).
    package enum GrantType: String, CaseIterable, Hashable, Sendable {
        case deviceCode = "urn:ietf:params:oauth:grant-type:device_code"
        case authorizationCode = "authorization_code"
        case refreshToken = "refresh_token"
    }

    /// How long a registration lasts: botocore registers again once it has expired.
    package static let registrationLifetime = 90 * 86_400

    package var id: String
    /// What the client called itself (`botocore-client-corp`): shown to the person approving it.
    package var name: String
    /// Loopback callback addresses for the authorization-code grant; empty for device-code clients.
    package var redirectURIs: [String]
    /// The grants asked for at registration; empty means the device-code and refresh grants, as AWS's
    /// service allows a client that names none.
    package var grantTypes: [GrantType]
    package var scopes: [String]
    package var createdAt: Int
    package var expiresAt: Int

    package init(
        id: String, name: String, redirectURIs: [String], grantTypes: [GrantType], scopes: [String], createdAt: Int, expiresAt: Int
    ) {
        self.id = id
        self.name = name
        self.redirectURIs = redirectURIs
        self.grantTypes = grantTypes
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// Whether the client registered for `grant`; one that named no grants may use the device flow and refresh.
    package func allows(_ grant: GrantType) -> Bool {
        grantTypes.isEmpty ? grant != .authorizationCode : grantTypes.contains(grant)
    }
}
