/// A program registered with Portico's SSO-OIDC service (`RegisterClient`): the AWS CLI, an SDK, a tool.
///
/// Registration needs no credentials, as at AWS: a client proves nothing about a person; the person proves
/// themselves in the browser when they approve its device code or authorization request. The secret lets
/// only the program that registered use the registration; it is stored as its hash.
package struct OIDCClient: Hashable, Sendable {
    /// The grants a client may use, spelled as SSO-OIDC spells them.
    package enum GrantType: String, CaseIterable, Hashable, Sendable {
        /// RFC 8628 §3.4: `aws sso login --use-device-code`, and every CLI before 2.22.
        case deviceCode = "urn:ietf:params:oauth:grant-type:device_code"
        /// RFC 6749 §4.1 with PKCE: `aws sso login` on CLI v2 with an `sso-session`.
        case authorizationCode = "authorization_code"
        /// RFC 6749 §6: botocore's `SSOTokenProvider` when fewer than 15 minutes remain.
        case refreshToken = "refresh_token"
    }

    /// How long a registration lasts: botocore registers again once it has expired.
    package static let registrationLifetime = 90 * 86_400

    package var id: String
    /// What the client called itself (`botocore-client-corp`): shown to the person approving it.
    package var name: String
    /// Loopback callback addresses for the authorization-code grant; empty for device-code clients.
    package var redirectURIs: [String]
    /// The grants the client may use (a client that named none at registration gets the device-code and
    /// refresh grants).
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

    package func allows(_ grant: GrantType) -> Bool { grantTypes.contains(grant) }
}
