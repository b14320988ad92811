import COpenSSL

extension X509Certificate {
    /// Ten years, counted as 3,652 days (the leap days a decade usually holds included).
    package static let selfSignedValidityDays = 3652

    /// A self-signed X.509 v3 certificate for `key`, signed with SHA-256 and RSA.
    ///
    /// Nobody chains to it: AWS (and any SAML service provider) pins the exact certificate it finds in
    /// the metadata, so subject and issuer are just `commonName`, and the long validity only spares the
    /// admin a re-upload; key rotation, not expiry, is how the key gets replaced.
    package static func selfSigned(
        key: RSAKeyPair,
        commonName: String = "Portico",
        notBefore: Int64,
        validityDays: Int = selfSignedValidityDays
    ) throws(OpenSSLError) -> X509Certificate {
        guard let certificate = X509_new() else { throw OpenSSLError("X509_new") }
        defer { X509_free(certificate) }
        guard X509_set_version(certificate, Int(X509_VERSION_3)) == 1 else { throw OpenSSLError("X509_set_version") }

        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets, unpredictable so that two
        // certificates made in the same second still differ.
        var serialBytes = SecureRandom.bytes(16)
        serialBytes[0] &= 0x7f
        serialBytes[0] |= 0x01
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else { throw OpenSSLError("BN_bin2bn") }
        defer { BN_free(serial) }
        guard BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil else {
            throw OpenSSLError("BN_to_ASN1_INTEGER")
        }

        guard let start = ASN1_TIME_set(nil, time_t(notBefore)) else { throw OpenSSLError("ASN1_TIME_set") }
        defer { ASN1_TIME_free(start) }
        guard let end = ASN1_TIME_adj(nil, time_t(notBefore), Int32(validityDays), 0) else {
            throw OpenSSLError("ASN1_TIME_adj")
        }
        defer { ASN1_TIME_free(end) }
        guard X509_set1_notBefore(certificate, start) == 1, X509_set1_notAfter(certificate, end) == 1 else {
            throw OpenSSLError("X509_set1_notBefore/notAfter")
        }

        guard let name = X509_get_subject_name(certificate),
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1
        else { throw OpenSSLError("X509_NAME_add_entry_by_txt") }
        guard X509_set_issuer_name(certificate, name) == 1 else { throw OpenSSLError("X509_set_issuer_name") }
        guard X509_set_pubkey(certificate, key.key) == 1 else { throw OpenSSLError("X509_set_pubkey") }
        guard X509_sign(certificate, key.key, EVP_sha256()) > 0 else { throw OpenSSLError("X509_sign") }
        return try X509Certificate(der: encode(certificate))
    }
}
