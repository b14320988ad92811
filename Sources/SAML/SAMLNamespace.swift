/// The namespaces and fixed identifiers of SAML 2.0 and XML Encryption that the service provider reads.
enum SAMLNamespace {
    static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let `protocol` = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let xmlEncryption = "http://www.w3.org/2001/04/xmlenc#"

    static let success = "urn:oasis:names:tc:SAML:2.0:status:Success"
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
}
