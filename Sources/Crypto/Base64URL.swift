/// RFC 4648 §5 base64url without padding, for tokens that travel in URLs, cookies and headers.
package enum Base64URL {
    package static func encode(_ bytes: [UInt8]) -> String {
        Base64Coder.url.encode(bytes)
    }

    /// The decoded bytes, or nil for padding, characters outside the URL-safe alphabet, or a
    /// non-canonical final character.
    package static func decode(_ text: String) -> [UInt8]? {
        Base64Coder.url.decode(text)
    }
}
