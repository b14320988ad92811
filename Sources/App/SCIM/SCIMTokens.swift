import Crypto
import Domain
import JSON
import SQLite
import Storage
import Time

/// Making SCIM tokens, the same from the Provisioning page and from `portico scim-token`: the prefix, the
/// random part, what is stored (only the hash) and what the audit log says (the name, never the token).
///
/// Each caller writes the audit event itself, in the same transaction, with its own actor (the admin, or
/// `cli`), so the event and the token commit together or not at all.
package enum SCIMTokens {
    /// Makes a leaked token recognisable to secret scanners and to people.
    package static let prefix = "portico_scim_"
    package static let createAction = "scim.token.create"
    package static let revokeAction = "scim.token.revoke"

    /// A token just made: the secret to hand to the identity provider, which exists only in this value,
    /// and the stored token it opens.
    package struct Issued: Sendable {
        package let secret: String
        package let token: SCIMToken
    }

    /// Makes and stores a token named `name` that works for `lifetimeSeconds` (nil: until revoked). Throws
    /// `ValidationErrors` for a bad name or lifetime, `StoreError.duplicate(field: "name")` when an active
    /// token has the name.
    package static func create(name: String, lifetimeSeconds: Int?, now: Int, db: Connection) throws -> Issued {
        let secret = prefix + Token.generate()
        let token = try SCIMTokenStore(db).create(
            name: name, tokenHash: Token.hash(secret), now: now, expiresAt: lifetimeSeconds.map { now + $0 })
        return Issued(secret: secret, token: token)
    }

    /// The audit event's details for a token: its name and expiry.
    package static func auditDetails(_ token: SCIMToken) -> [String: JSONNode] {
        var details: [String: JSONNode] = ["name": .string(token.name)]
        if let expiresAt = token.expiresAt { details["expires_at"] = .string(UTCDateTime(epochSeconds: expiresAt).iso8601) }
        return details
    }
}
