import COpenSSL

extension X509Certificate {
    /// The DER value (the content of `extnValue`) of the extension `oid` (dotted form), or nil when the
    /// certificate has none; a packed attestation certificate names its authenticator model this way.
    package func extensionValue(oid: String) -> [UInt8]? {
        defer { ERR_clear_error() }
        let value = try? Self.withParsed(der) { (certificate) throws(OpenSSLError) -> [UInt8]? in
            // no_name 1: only the dotted form is accepted, never a short or long name.
            guard let object = OBJ_txt2obj(oid, 1) else { throw OpenSSLError("OBJ_txt2obj") }
            defer { ASN1_OBJECT_free(object) }
            let index = X509_get_ext_by_OBJ(certificate, object, -1)
            guard index >= 0, let entry = X509_get_ext(certificate, index), let data = X509_EXTENSION_get_data(entry) else {
                return nil
            }
            let count = Int(ASN1_STRING_length(data))
            guard count > 0, let bytes = ASN1_STRING_get0_data(data) else { return [] }
            return Array(UnsafeBufferPointer(start: bytes, count: count))
        }
        return value ?? nil
    }

    /// Whether the certificate may sign other certificates (Basic Constraints CA, or an old v1 root), which
    /// an attestation certificate must not (WebAuthn Level 3 §8.2.1).
    package var isCertificateAuthority: Bool {
        defer { ERR_clear_error() }
        let answer = try? Self.withParsed(der) { (certificate) throws(OpenSSLError) -> Bool in X509_check_ca(certificate) != 0 }
        return answer ?? false
    }
}
