import COpenSSL

/// An RSA private key (with its public half) for signing with RSASSA-PKCS1-v1_5 over SHA-256.
///
/// Portico signs SAML assertions with it, so the key is generated here from OpenSSL's CSPRNG and
/// travels only as PKCS#8 PEM. The wrapped `EVP_PKEY` is never modified after creation, and OpenSSL
/// allows concurrent read-only use of a key, so one instance may sign on several threads at once.
package final class RSAKeyPair: @unchecked Sendable {
    /// 3072 bits: NIST SP 800-57's match for 128-bit security, the level of the SHA-256 it signs with.
    package static let defaultBits = 3072

    /// The `EVP_PKEY`; owned by this instance.
    let key: OpaquePointer

    private init(owning key: OpaquePointer) {
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// A fresh key of `bits` bits with the public exponent 65537.
    package static func generate(bits: Int = defaultBits) throws(OpenSSLError) -> RSAKeyPair {
        precondition(bits >= 2048 && bits <= 16384, "RSAKeyPair.generate: unreasonable key size")
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw OpenSSLError("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSLError("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1 else {
            throw OpenSSLError("EVP_PKEY_CTX_set_rsa_keygen_bits")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw OpenSSLError("EVP_PKEY_generate") }
        return RSAKeyPair(owning: key)
    }

    /// Reads an RSA private key from PEM (PKCS#8 or the older PKCS#1 form); refuses other key types.
    package static func fromPEM(_ pem: String) throws(OpenSSLError) -> RSAKeyPair {
        let key = try MemoryBIO.reading(Array(pem.utf8)) { (bio) throws(OpenSSLError) -> OpaquePointer in
            // The null password callback makes an encrypted key fail instead of prompting on the terminal.
            guard let key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil) else {
                throw OpenSSLError("PEM_read_bio_PrivateKey")
            }
            return key
        }
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            EVP_PKEY_free(key)
            throw OpenSSLError("RSAKeyPair.fromPEM: not an RSA key")
        }
        return RSAKeyPair(owning: key)
    }

    /// The modulus size in bits.
    package var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// The private key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    package func privateKeyPEM() -> String {
        pem("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) == 1 }
    }

    /// The public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
    package func publicKeyPEM() -> String {
        pem("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, key) == 1 }
    }

    /// An RSASSA-PKCS1-v1_5 signature over the SHA-256 digest of `message`.
    package func signSHA256(_ message: [UInt8]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        // With a valid key in memory these fail only when libcrypto cannot allocate.
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            fatalError("EVP_DigestSignInit failed")
        }
        var length = 0
        return message.withNonNullPointer { pointer, count in
            guard EVP_DigestSign(context, nil, &length, pointer, count) == 1 else { fatalError("EVP_DigestSign failed") }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &signature, &length, pointer, count) == 1 else {
                fatalError("EVP_DigestSign failed")
            }
            return Array(signature.prefix(length))
        }
    }

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature over `message`.
    package func isValidSHA256Signature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        defer {
            EVP_MD_CTX_free(context)
            // A bad signature leaves a reason on the thread's queue; it is an answer here, not an error.
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        return signature.withNonNullPointer { signaturePointer, signatureCount in
            message.withNonNullPointer { messagePointer, messageCount in
                EVP_DigestVerify(context, signaturePointer, signatureCount, messagePointer, messageCount) == 1
            }
        }
    }

    private func pem(_ operation: String, _ write: (OpaquePointer) -> Bool) -> String {
        // Writing a key that is already in memory to a memory BIO fails only when allocation fails.
        guard let bytes = try? MemoryBIO.collecting(operation, write) else { fatalError("\(operation) failed") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
