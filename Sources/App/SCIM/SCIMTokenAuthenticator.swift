import Crypto
import Domain
import Storage
import Time
import Web

/// Whose SCIM request this is: the token the identity provider was given, looked up by its hash on every
/// request, so a token made or revoked by `portico scim-token` counts at once.
struct SCIMTokenAuthenticator: BearerAuthenticator {
    let authentication: Authentication

    var location: BearerTokenLocation { .authorization }

    func principal(for token: String, request: Request) throws -> SCIMToken? {
        let now = authentication.clock.epochSeconds
        guard let found = try authentication.database.read({ try SCIMTokenStore($0).find(tokenHash: Token.hash(token), now: now) }) else {
            return nil
        }
        if (found.lastUsedAt ?? 0) <= now - SCIMTokenStore.touchInterval {
            authentication.writer.enqueue("SCIM token last-use update") { db in try SCIMTokenStore(db).touch(id: found.id, now: now) }
        }
        return found
    }
}
