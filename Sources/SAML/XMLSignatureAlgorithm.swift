/// The XML-DSig and XML Encryption identifiers Portico signs with, accepts, or refuses by name.
enum XMLSignatureAlgorithm {
    static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"
    static let exclusiveCanonicalization = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let rsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    static let rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    static let sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    static let sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let samlAssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion"

    /// Algorithms broken or too weak to trust whatever the key: SHA-1 and MD5 signatures and digests,
    /// PKCS#1 v1.5 key transport (Bleichenbacher's oracle) and Triple DES. Kept apart from merely unknown
    /// ones so that a refusal can say the identity provider must be reconfigured, not that Portico lacks it.
    static let weak: Set<String> = [
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1",
        "http://www.w3.org/2000/09/xmldsig#dsa-sha1", "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
        "http://www.w3.org/2001/04/xmldsig-more#md5", "http://www.w3.org/2001/04/xmlenc#rsa-1_5",
        "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
    ]
}
