/// Decides who a machine surface's bearer token stands for; each surface supplies its own (SCIM tokens
/// made by an admin, SSO access tokens issued to the CLI).
///
/// Implementations look the token up by its hash, never by the token itself, and answer nil for a token
/// that is unknown, expired or revoked; `RequireBearerToken` turns that into the surface's 401.
package protocol BearerAuthenticator: Sendable {
    associatedtype Principal: Sendable

    var location: BearerTokenLocation { get }

    func principal(for token: String, request: Request) throws -> Principal?
}
