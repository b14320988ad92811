import COpenSSL

/// SHA-256 digests (FIPS 180-4).
package enum SHA256 {
    package static let digestLength = 32

    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let status = bytes.withNonNullPointer { input, count in
            EVP_Digest(input, count, &digest, &length, EVP_sha256(), nil)
        }
        // Hashing in memory only fails if libcrypto cannot allocate a context.
        guard status == 1, length == digestLength else { fatalError("EVP_Digest(SHA-256) failed") }
        return digest
    }

    /// The digest as lowercase hex.
    package static func hexHash(_ bytes: [UInt8]) -> String {
        Hex.encode(hash(bytes))
    }
}
