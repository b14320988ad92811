import COpenSSL

/// An X.509 certificate held as its DER bytes, with the few fields Portico reads from it.
///
/// A value type rather than a live `X509` handle: certificates are published (SAML metadata) and
/// compared far more often than they are used for cryptography, and plain bytes are trivially
/// `Sendable` and `Equatable`.
package struct X509Certificate: Sendable, Equatable {
    package let der: [UInt8]
    package let subjectCommonName: String?
    package let issuerCommonName: String?
    /// Start of validity, in seconds since the Unix epoch.
    package let notBefore: Int64
    /// End of validity, in seconds since the Unix epoch.
    package let notAfter: Int64

    /// Parses one DER-encoded certificate; trailing bytes are refused.
    package init(der: [UInt8]) throws(OpenSSLError) {
        let fields = try Self.withParsed(der) { (certificate) throws(OpenSSLError) in
            (
                subject: Self.commonName(X509_get_subject_name(certificate)),
                issuer: Self.commonName(X509_get_issuer_name(certificate)),
                notBefore: try Self.epochSeconds(X509_get0_notBefore(certificate)),
                notAfter: try Self.epochSeconds(X509_get0_notAfter(certificate))
            )
        }
        self.der = der
        subjectCommonName = fields.subject
        issuerCommonName = fields.issuer
        notBefore = fields.notBefore
        notAfter = fields.notAfter
    }

    /// Parses the first `BEGIN CERTIFICATE` block of `pem`.
    package init(pem: String) throws(OpenSSLError) {
        let der = try MemoryBIO.reading(Array(pem.utf8)) { (bio) throws(OpenSSLError) -> [UInt8] in
            guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else { throw OpenSSLError("PEM_read_bio_X509") }
            defer { X509_free(certificate) }
            return try Self.encode(certificate)
        }
        try self.init(der: der)
    }

    /// The DER bytes in standard, padded base64 without line breaks: the form of `ds:X509Certificate`.
    package var base64DER: String {
        let unpadded = Base64Coder.standard.encode(der)
        return unpadded + String(repeating: "=", count: (4 - unpadded.utf8.count % 4) % 4)
    }

    /// The certificate as PEM, 64 base64 characters a line (RFC 7468).
    package var pem: String {
        var lines = "-----BEGIN CERTIFICATE-----\n"
        var line = Substring(base64DER)
        while !line.isEmpty {
            lines += line.prefix(64) + "\n"
            line = line.dropFirst(64)
        }
        return lines + "-----END CERTIFICATE-----\n"
    }

    /// Whether this certificate's public key is the public half of `key`.
    package func certifies(_ key: RSAKeyPair) -> Bool {
        let matches = try? Self.withParsed(der) { (certificate) throws(OpenSSLError) -> Bool in
            guard let publicKey = X509_get0_pubkey(certificate) else { return false }
            return EVP_PKEY_eq(publicKey, key.key) == 1
        }
        ERR_clear_error()
        return matches ?? false
    }

    /// Whether `signature` over `message` verifies (RSASSA-PKCS1-v1_5, SHA-256) with this certificate's key.
    package func isValidSHA256Signature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        let valid = try? Self.withParsed(der) { (certificate) throws(OpenSSLError) -> Bool in
            guard let publicKey = X509_get0_pubkey(certificate), let context = EVP_MD_CTX_new() else { return false }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, publicKey) == 1 else { return false }
            return signature.withNonNullPointer { signaturePointer, signatureCount in
                message.withNonNullPointer { messagePointer, messageCount in
                    EVP_DigestVerify(context, signaturePointer, signatureCount, messagePointer, messageCount) == 1
                }
            }
        }
        return valid ?? false
    }

    static func withParsed<Result>(
        _ der: [UInt8], _ body: (OpaquePointer) throws(OpenSSLError) -> Result
    ) throws(OpenSSLError) -> Result {
        let parsed = der.withNonNullPointer { pointer, count -> (OpaquePointer?, Int) in
            var cursor: UnsafePointer<UInt8>? = pointer
            let certificate = d2i_X509(nil, &cursor, count)
            return (certificate, cursor.map { $0 - pointer } ?? 0)
        }
        guard let certificate = parsed.0 else { throw OpenSSLError("d2i_X509") }
        defer { X509_free(certificate) }
        // A certificate followed by other bytes is not the certificate someone meant to give.
        guard parsed.1 == der.count else { throw OpenSSLError("d2i_X509: trailing bytes after the certificate") }
        return try body(certificate)
    }

    static func encode(_ certificate: OpaquePointer) throws(OpenSSLError) -> [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { throw OpenSSLError("i2d_X509") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        guard written == length else { throw OpenSSLError("i2d_X509") }
        return der
    }

    private static func commonName(_ name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { CRYPTO_free(utf8, #fileID, #line) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) throws(OpenSSLError) -> Int64 {
        guard let time, let epoch = ASN1_TIME_set(nil, 0) else { throw OpenSSLError("ASN1_TIME_set") }
        defer { ASN1_TIME_free(epoch) }
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, epoch, time) == 1 else { throw OpenSSLError("ASN1_TIME_diff") }
        return Int64(days) * 86_400 + Int64(seconds)
    }
}
