/// Random bearer tokens for sessions, API keys and SCIM, and the digest the database keeps of them.
///
/// A token is 256 random bits, so an unsalted SHA-256 is enough to store it: nothing can be guessed
/// offline, and a leaked database row cannot be replayed as the token itself. Look tokens up by
/// `hash(_:)`, never by the token.
package enum Token {
    package static let byteCount = 32
    /// Unpadded base64url of 32 bytes.
    package static let encodedLength = 43

    package static func generate() -> String {
        Base64URL.encode(SecureRandom.bytes(byteCount))
    }

    /// Lowercase hex SHA-256 of the token's text, the form stored and looked up.
    package static func hash(_ token: String) -> String {
        SHA256.hexHash(Array(token.utf8))
    }

    /// Whether `text` could be a token `generate()` made, to turn away garbage before touching the database.
    package static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == encodedLength && Base64URL.decode(text)?.count == byteCount
    }
}
