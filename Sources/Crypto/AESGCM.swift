import COpenSSL

/// AES-256-GCM authenticated encryption (NIST SP 800-38D) with a random 96-bit nonce per message.
///
/// `seal` returns `nonce ‖ ciphertext ‖ tag`; `open` returns nil when the key, the associated data or any
/// byte differs, so a tampered or misplaced value is refused, never decrypted to garbage. Random nonces are
/// safe here because one key seals far fewer than 2^32 messages (a few per user).
package enum AESGCM {
    package static let keyLength = 32
    package static let nonceLength = 12
    package static let tagLength = 16
    /// What `seal` adds to the plaintext's length.
    package static let overhead = nonceLength + tagLength

    /// Encrypts `plaintext` under `key`, binding `associatedData` (which is not encrypted).
    package static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8]) -> [UInt8] {
        precondition(key.count == keyLength, "AES-256-GCM takes a 32-byte key")
        let nonce = SecureRandom.bytes(nonceLength)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagLength)
        let sealed = withContext(encrypting: true, key: key, nonce: nonce) { context in
            guard addAssociatedData(associatedData, context: context, encrypting: true) else { return false }
            var length: Int32 = 0
            if !plaintext.isEmpty {
                guard EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1 else { return false }
            }
            var finalLength: Int32 = 0
            var scratch = [UInt8](repeating: 0, count: 16)
            guard EVP_EncryptFinal_ex(context, &scratch, &finalLength) == 1 else { return false }
            return EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1
        }
        // Encrypting in memory with a valid key only fails if libcrypto cannot allocate.
        guard sealed else { fatalError("AES-256-GCM encryption failed") }
        return nonce + ciphertext + tag
    }

    /// The plaintext of a value `seal` made with the same key and associated data; nil for anything else.
    package static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8]) -> [UInt8]? {
        precondition(key.count == keyLength, "AES-256-GCM takes a 32-byte key")
        guard sealed.count >= overhead else { return nil }
        let nonce = Array(sealed.prefix(nonceLength))
        let ciphertext = Array(sealed.dropFirst(nonceLength).dropLast(tagLength))
        var tag = Array(sealed.suffix(tagLength))
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        let opened = withContext(encrypting: false, key: key, nonce: nonce) { context in
            guard addAssociatedData(associatedData, context: context, encrypting: false) else { return false }
            var length: Int32 = 0
            if !ciphertext.isEmpty {
                guard EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1 else { return false }
            }
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else { return false }
            var finalLength: Int32 = 0
            var scratch = [UInt8](repeating: 0, count: 16)
            // The tag is checked here; a mismatch is the only expected failure.
            let verified = EVP_DecryptFinal_ex(context, &scratch, &finalLength) == 1
            ERR_clear_error()
            return verified
        }
        return opened ? plaintext : nil
    }

    private static func withContext(
        encrypting: Bool, key: [UInt8], nonce: [UInt8], _ body: (OpaquePointer) -> Bool
    ) -> Bool {
        guard let context = EVP_CIPHER_CTX_new() else { return false }
        defer { EVP_CIPHER_CTX_free(context) }
        let initialised =
            encrypting
            ? EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1
            : EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1
        return initialised && body(context)
    }

    private static func addAssociatedData(_ data: [UInt8], context: OpaquePointer, encrypting: Bool) -> Bool {
        guard !data.isEmpty else { return true }
        var length: Int32 = 0
        return encrypting
            ? EVP_EncryptUpdate(context, nil, &length, data, Int32(data.count)) == 1
            : EVP_DecryptUpdate(context, nil, &length, data, Int32(data.count)) == 1
    }
}
