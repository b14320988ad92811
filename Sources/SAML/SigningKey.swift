import Crypto

/// One signing key in the data directory, and where it stands in a rotation.
package struct SigningKey: Sendable, Equatable {
    /// A key's part in a rotation: published in the metadata or not, signing or not.
    package enum State: String, Sendable, CaseIterable {
        /// Signs every assertion; exactly one key is active.
        case active
        /// Made by `portico keys rotate`: published so AWS learns it, not yet signing.
        case pending
        /// Signed until the last `portico keys activate`; still published so assertions it signed stay valid.
        case previous
        /// Dropped from the metadata by `portico keys retire`; its private key file is deleted.
        case retired

        /// Whether the metadata lists this key's certificate.
        package var isPublished: Bool { self != .retired }
    }

    /// `YYYYMMDD-` and 8 hex digits: sorts by creation day, names the files `<id>.key` and `<id>.crt`.
    package let id: String
    package var state: State
    package let certificate: X509Certificate
    /// The key and certificate for signing; nil for a retired key, whose private key is gone.
    package let credentials: SigningCredentials?

    package init(id: String, state: State, certificate: X509Certificate, credentials: SigningCredentials?) {
        self.id = id
        self.state = state
        self.certificate = certificate
        self.credentials = credentials
    }

    /// The certificate's SHA-256 fingerprint as colon-separated hex pairs, as `openssl x509 -fingerprint` prints it.
    package var fingerprint: String { certificate.sha256Fingerprint }

    /// Whether `text` has the shape of a key id, so it can safely become part of a file name.
    package static func isWellFormedID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 17, bytes[8] == UInt8(ascii: "-") else { return false }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let isHex = { (byte: UInt8) in isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) }
        return bytes[..<8].allSatisfy(isDigit) && bytes[9...].allSatisfy(isHex)
    }
}
