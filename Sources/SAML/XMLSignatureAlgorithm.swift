/// The XML-DSig identifiers Portico signs with, and the only ones its verifier accepts.
enum XMLSignatureAlgorithm {
    static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"
    static let exclusiveCanonicalization = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let samlAssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion"
}
