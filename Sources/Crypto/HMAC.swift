import COpenSSL

/// Keyed message authentication (RFC 2104) with the digests Portico needs.
///
/// SHA-1 is here only because RFC 6238 authenticator apps default to it; HMAC-SHA1 remains sound
/// as a MAC even though SHA-1 collisions are practical.
package enum HMAC {
    package static func sha1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        authenticate(EVP_sha1(), key: key, message: message)
    }

    package static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        authenticate(EVP_sha256(), key: key, message: message)
    }

    package static func sha512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        authenticate(EVP_sha512(), key: key, message: message)
    }

    private static func authenticate(_ digest: OpaquePointer?, key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key too long")
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withNonNullPointer { keyPointer, keyCount in
            message.withNonNullPointer { messagePointer, messageCount in
                COpenSSL.HMAC(digest, keyPointer, Int32(keyCount), messagePointer, messageCount, &mac, &length)
            }
        }
        // Fails only if libcrypto cannot allocate or fetch the digest.
        guard result != nil else { fatalError("HMAC failed") }
        return Array(mac.prefix(Int(length)))
    }
}
