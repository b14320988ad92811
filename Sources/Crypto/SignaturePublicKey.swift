import COpenSSL

/// A public key that checks signatures made elsewhere: a security key's credential key (ES256, RS256, EdDSA)
/// or an attestation certificate's key.
///
/// The key is imported from its bare numbers (a COSE key carries x and y, or n and e, or the raw Ed25519
/// point), so each constructor checks what an attacker-chosen key could get wrong: a point off the curve, a
/// short RSA modulus. The numbers are wrapped in a SubjectPublicKeyInfo and read with `d2i_PUBKEY`, one path
/// for every key type (`OSSL_PARAM_BLD` would be the other, but it keeps pointers to its parameter names,
/// which Swift strings bridged to C do not outlive). Every check runs in libcrypto; the scheme follows from
/// the key type, so a caller cannot ask for ECDSA over an RSA key.
package struct SignaturePublicKey: Sendable {
    /// The kinds of key Portico verifies with, each with its one signature scheme.
    package enum Kind: String, Sendable, Equatable {
        /// ECDSA over P-256 with SHA-256, the signature DER-encoded (COSE ES256 as WebAuthn sends it).
        case p256 = "ECDSA P-256"
        /// RSASSA-PKCS1-v1_5 with SHA-256 (COSE RS256).
        case rsa = "RSA"
        /// Pure Ed25519 (COSE EdDSA).
        case ed25519 = "Ed25519"
    }

    /// The smallest RSA modulus accepted: NIST SP 800-131A disallows less for signatures since 2014.
    package static let minimumRSABits = 2048
    /// The largest RSA modulus accepted; a bigger one would only make each check slower.
    package static let maximumRSABits = 16384

    /// Owns the `EVP_PKEY`. OpenSSL allows concurrent read-only use of a key, so one value may verify on
    /// several threads at once.
    private final class Box: @unchecked Sendable {
        let key: OpaquePointer
        init(owning key: OpaquePointer) { self.key = key }
        deinit { EVP_PKEY_free(key) }
    }

    private let box: Box
    package let kind: Kind

    private init(owning key: OpaquePointer, kind: Kind) {
        box = Box(owning: key)
        self.kind = kind
    }

    /// A P-256 key from its affine coordinates, 32 bytes each; a point that is not on the curve is refused.
    package static func p256(x: [UInt8], y: [UInt8]) throws(OpenSSLError) -> SignaturePublicKey {
        guard x.count == 32, y.count == 32 else { throw OpenSSLError("SignaturePublicKey.p256: coordinates are not 32 bytes") }
        let algorithm = der(0x30, der(0x06, ecPublicKeyOID) + der(0x06, prime256v1OID))
        let result = try subjectPublicKeyInfo(der: der(0x30, algorithm + der(0x03, [0x00, 0x04] + x + y)))
        // Importing already decodes the point onto the curve; the explicit check also refuses the point at infinity.
        guard result.passesPublicCheck() else { throw OpenSSLError("SignaturePublicKey.p256: the point is not on P-256") }
        return result
    }

    /// An RSA key from its big-endian modulus and exponent; moduli under 2048 bits are refused.
    package static func rsa(modulus: [UInt8], exponent: [UInt8]) throws(OpenSSLError) -> SignaturePublicKey {
        let significant = modulus.drop { $0 == 0 }
        let bits = significant.first.map { significant.count * 8 - $0.leadingZeroBitCount } ?? 0
        guard bits >= minimumRSABits, bits <= maximumRSABits else {
            throw OpenSSLError("SignaturePublicKey.rsa: a \(bits)-bit modulus is outside \(minimumRSABits)...\(maximumRSABits)")
        }
        // An even or tiny exponent is no RSA key anyone generated; 2^32 bounds the work of each check.
        let e = exponent.drop { $0 == 0 }
        guard !e.isEmpty, e.count <= 4, let last = e.last, last & 1 == 1, e.count > 1 || last >= 3 else {
            throw OpenSSLError("SignaturePublicKey.rsa: unusable public exponent")
        }
        let publicKey = der(0x30, der(0x02, integer(significant)) + der(0x02, integer(e)))
        let algorithm = der(0x30, der(0x06, rsaEncryptionOID) + [0x05, 0x00])
        return try subjectPublicKeyInfo(der: der(0x30, algorithm + der(0x03, [0x00] + publicKey)))
    }

    /// An Ed25519 key from its 32-byte encoding (RFC 8032 §5.1.5).
    package static func ed25519(_ raw: [UInt8]) throws(OpenSSLError) -> SignaturePublicKey {
        guard raw.count == 32 else { throw OpenSSLError("SignaturePublicKey.ed25519: the key is not 32 bytes") }
        guard let key = raw.withNonNullPointer({ EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0, $1) }) else {
            throw OpenSSLError("EVP_PKEY_new_raw_public_key")
        }
        return SignaturePublicKey(owning: key, kind: .ed25519)
    }

    /// A key from a DER SubjectPublicKeyInfo (an attestation certificate's key); P-256, RSA of at least 2048
    /// bits and Ed25519 only, and trailing bytes are refused.
    package static func subjectPublicKeyInfo(der: [UInt8]) throws(OpenSSLError) -> SignaturePublicKey {
        let parsed = der.withNonNullPointer { pointer, count -> (OpaquePointer?, Int) in
            var cursor: UnsafePointer<UInt8>? = pointer
            let key = d2i_PUBKEY(nil, &cursor, count)
            return (key, cursor.map { $0 - pointer } ?? 0)
        }
        guard let key = parsed.0 else { throw OpenSSLError("d2i_PUBKEY") }
        guard parsed.1 == der.count else {
            EVP_PKEY_free(key)
            throw OpenSSLError("d2i_PUBKEY: trailing bytes after the key")
        }
        return try adopting(key)
    }

    /// Takes ownership of `key` (freeing it when refused) and classifies it.
    static func adopting(_ key: OpaquePointer) throws(OpenSSLError) -> SignaturePublicKey {
        let kind: Kind
        if EVP_PKEY_is_a(key, "EC") == 1 {
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            let group = EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1
            guard group, String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) == "prime256v1" else {
                EVP_PKEY_free(key)
                throw OpenSSLError("SignaturePublicKey: an EC key on a curve other than P-256")
            }
            kind = .p256
        } else if EVP_PKEY_is_a(key, "RSA") == 1 {
            let bits = Int(EVP_PKEY_get_bits(key))
            guard bits >= minimumRSABits, bits <= maximumRSABits else {
                EVP_PKEY_free(key)
                throw OpenSSLError("SignaturePublicKey: a \(bits)-bit RSA key")
            }
            kind = .rsa
        } else if EVP_PKEY_is_a(key, "ED25519") == 1 {
            kind = .ed25519
        } else {
            EVP_PKEY_free(key)
            throw OpenSSLError("SignaturePublicKey: a key type other than P-256, RSA or Ed25519")
        }
        return SignaturePublicKey(owning: key, kind: kind)
    }

    /// Whether `signature` is this key's signature over `message`: for ES256 a DER ECDSA signature over
    /// SHA-256, for RS256 PKCS#1 v1.5 over SHA-256, for Ed25519 pure EdDSA over the message itself.
    package func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        defer {
            EVP_MD_CTX_free(context)
            // A bad signature leaves a reason on the thread's queue; it is an answer here, not an error.
            ERR_clear_error()
        }
        // Ed25519 hashes internally (with SHA-512), so it takes no digest here.
        let digest = kind == .ed25519 ? nil : EVP_sha256()
        guard EVP_DigestVerifyInit(context, nil, digest, nil, box.key) == 1 else { return false }
        return signature.withNonNullPointer { signaturePointer, signatureCount in
            message.withNonNullPointer { messagePointer, messageCount in
                EVP_DigestVerify(context, signaturePointer, signatureCount, messagePointer, messageCount) == 1
            }
        }
    }

    private func passesPublicCheck() -> Bool {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, box.key, nil) else { return false }
        defer {
            EVP_PKEY_CTX_free(context)
            ERR_clear_error()
        }
        return EVP_PKEY_public_check(context) == 1
    }

    private static let ecPublicKeyOID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]  // 1.2.840.10045.2.1
    private static let prime256v1OID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]  // 1.2.840.10045.3.1.7
    private static let rsaEncryptionOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]  // 1.2.840.113549.1.1.1

    /// One DER TLV (X.690 §8.1): the definite length form, short or long.
    private static func der(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        let length: [UInt8] =
            switch count {
            case ..<0x80: [UInt8(count)]
            case ..<0x100: [0x81, UInt8(count)]
            default: [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
            }
        return [tag] + length + content
    }

    /// The content of a DER INTEGER holding the unsigned big-endian `magnitude` (without leading zeros).
    private static func integer(_ magnitude: ArraySlice<UInt8>) -> [UInt8] {
        // A set top bit would read as negative, so such a number gets a zero byte in front.
        magnitude.first.map { $0 & 0x80 != 0 } == true ? [0x00] + magnitude : Array(magnitude)
    }
}
