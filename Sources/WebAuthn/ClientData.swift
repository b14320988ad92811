import Crypto
import JSON

/// The browser's account of a WebAuthn call (WebAuthn Level 3 §5.8.1, `CollectedClientData`): which
/// ceremony, which challenge, from which page.
///
/// The authenticator signs only a hash of these bytes, so it is the browser that vouches for the origin;
/// Portico checks each field against what it expects and keeps nothing else.
package struct ClientData: Sendable, Hashable {
    /// `webauthn.create` or `webauthn.get`.
    package let type: String
    /// The challenge, decoded from base64url.
    package let challenge: [UInt8]
    /// The origin of the page that called WebAuthn, e.g. `https://portal.example.com`.
    package let origin: String
    /// True when the call came from a frame of another origin.
    package let crossOrigin: Bool
    /// The top-level origin, which browsers add for cross-origin calls (Level 3).
    package let topOrigin: String?

    /// Parses `clientDataJSON` as the browser sent it; unknown members are ignored, as §5.8.1 requires.
    package static func parse(_ json: [UInt8]) throws(WebAuthnError) -> ClientData {
        let node: JSONNode
        do {
            node = try JSONNode.parse(json)
        } catch {
            throw .malformed("clientDataJSON: \(error)")
        }
        guard case .object(let members) = node else { throw .malformed("clientDataJSON: not an object") }
        func string(_ name: String) throws(WebAuthnError) -> String {
            guard case .string(let value) = members[name] else { throw .malformed("clientDataJSON: no string \"\(name)\"") }
            return value
        }
        let encodedChallenge = try string("challenge")
        guard let challenge = Base64URL.decode(encodedChallenge) else {
            throw .malformed("clientDataJSON: \"challenge\" is not base64url")
        }
        let crossOrigin: Bool
        switch members["crossOrigin"] {
        case nil, .null: crossOrigin = false
        case .bool(let value): crossOrigin = value
        default: throw .malformed("clientDataJSON: \"crossOrigin\" is not a boolean")
        }
        let topOrigin: String?
        switch members["topOrigin"] {
        case nil, .null: topOrigin = nil
        case .string(let value): topOrigin = value
        default: throw .malformed("clientDataJSON: \"topOrigin\" is not a string")
        }
        return ClientData(
            type: try string("type"), challenge: challenge, origin: try string("origin"), crossOrigin: crossOrigin, topOrigin: topOrigin)
    }
}
