import COpenSSL

extension X509Certificate {
    /// The SHA-256 fingerprint as colon-separated uppercase hex pairs, as `openssl x509 -fingerprint -sha256` prints it.
    package var sha256Fingerprint: String {
        Self.colonPairs(Hex.encode(SHA256.hash(der)).uppercased())
    }

    /// The SHA-1 digest of the certificate as 40 uppercase hex digits: the "thumbprint" Microsoft Entra ID and
    /// Windows show beside a certificate, so an admin can tell which of an identity provider's certificates
    /// is which. Only a name for a certificate, never a check of one.
    package var sha1Thumbprint: String {
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let status = der.withNonNullPointer { input, count in
            EVP_Digest(input, count, &digest, &length, EVP_sha1(), nil)
        }
        // Hashing in memory only fails if libcrypto cannot allocate a context.
        guard status == 1, length == 20 else { fatalError("EVP_Digest(SHA-1) failed") }
        return Hex.encode(digest).uppercased()
    }

    private static func colonPairs(_ hex: String) -> String {
        var pairs: [Substring] = []
        var rest = Substring(hex)
        while !rest.isEmpty {
            pairs.append(rest.prefix(2))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: ":")
    }
}
