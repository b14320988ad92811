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
        switch try authentication.database.read({ try CLISessionStore($0).lookup(accessTokenHash: tokenHash, now: now) }) {
        case .none:
            return nil
        case .outsideMFARule(let session):
            authentication.endSessionOutsideMFARule(session, request: request)
            return nil
        case .active(let session, let user):
            if now - session.lastSeenAt >= SessionStore.touchInterval {
                authentication.writer.touch(sessionID: session.id, now: now)
            }
            return CLIPrincipal(session: session, user: user, accessTokenHash: tokenHash)
        }
    }
}

/// A portal API request's CLI session and its user.
struct CLIPrincipal: Sendable {
    let session: PortalSession
    let user: User
    /// What `Logout` ends the session by.
    let accessTokenHash: String
}
