import Crypto
import Domain
import Storage
import Web

/// Who a portal API request comes from: the CLI session its `x-amz-sso_bearer_token` opens, looked up by the
/// token's hash on every request, so ending the session, disabling the user, a refresh or an MFA rule the
/// session no longer meets counts at once.
struct CLITokenAuthenticator: BearerAuthenticator {
    /// The header botocore's `sso` model puts the access token in, underscore and all.
    static let header = "x-amz-sso_bearer_token"

    let authentication: Authentication

    var location: BearerTokenLocation { .header(Self.header) }

    func principal(for token: String, request: Request) throws -> CLIPrincipal? {
        let now = authentication.clock.epochSeconds
        let tokenHash = Token.hash(token)
        let lookup = try authentication.database.read { try CLISessionStore($0).lookup(accessTokenHash: tokenHash, now: now) }
        guard let (session, user) = authentication.admit(lookup, request: request) else { return nil }
        return CLIPrincipal(session: session, user: user, accessTokenHash: tokenHash)
    }
}

/// A portal API request's CLI session and its user.
struct CLIPrincipal: Sendable {
    let session: PortalSession
    let user: User
    /// What `Logout` ends the session by.
    let accessTokenHash: String
}
