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
        guard
            let (found, meetsRule) = try authentication.database.read({ db -> ((session: PortalSession, user: User), Bool)? in
                guard let found = try CLISessionStore(db).find(accessTokenHash: Token.hash(token), now: now) else { return nil }
                return (found, try Authentication.sessionMeetsMFARule(found.session, db: db))
            })
        else { return nil }
        guard meetsRule else {
            authentication.endSessionOutsideMFARule(found.session)
            return nil
        }
        if now - found.session.lastSeenAt >= SessionStore.touchInterval {
            authentication.writer.touch(sessionID: found.session.id, now: now)
        }
        return CLIPrincipal(session: found.session, user: found.user, accessTokenHash: Token.hash(token))
    }
}

/// A portal API request's CLI session and its user.
struct CLIPrincipal: Sendable {
    let session: PortalSession
    let user: User
    /// What `Logout` ends the session by.
    let accessTokenHash: String
}
