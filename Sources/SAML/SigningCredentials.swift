import Crypto

/// Portico's SAML signing key and the self-signed certificate published for it in the metadata.
///
/// Held as PEM text because that is what xmlsec loads and what the data directory stores.
package struct SigningCredentials: Sendable, Equatable {
    /// PKCS#8 PEM.
    package let privateKeyPEM: String
    package let certificate: X509Certificate

    private init(privateKeyPEM: String, certificate: X509Certificate) {
        self.privateKeyPEM = privateKeyPEM
        self.certificate = certificate
    }

    package var certificatePEM: String { certificate.pem }

    /// A new RSA-3072 key and a ten-year certificate for it, `CN=Portico`, valid from `now`.
    package static func generate(now: Int64) throws(OpenSSLError) -> SigningCredentials {
        let key = try RSAKeyPair.generate()
        let certificate = try X509Certificate.selfSigned(key: key, notBefore: now)
        return SigningCredentials(privateKeyPEM: key.privateKeyPEM(), certificate: certificate)
    }

    /// Credentials read back from PEM, refused unless the certificate is for this very key.
    package static func fromPEM(privateKey: String, certificate: String) throws(SigningCredentialsError) -> SigningCredentials {
        let key: RSAKeyPair
        do {
            key = try RSAKeyPair.fromPEM(privateKey)
        } catch {
            throw .unreadablePrivateKey(error)
        }
        let parsed: X509Certificate
        do {
            parsed = try X509Certificate(pem: certificate)
        } catch {
            throw .unreadableCertificate(error)
        }
        guard parsed.certifies(key) else { throw .certificateDoesNotMatchKey }
        // The text as read (it parsed): re-encoding it would pull OpenSSL's encoders into every process
        // that only loads keys, about a megabyte of resident code for nothing.
        return SigningCredentials(privateKeyPEM: privateKey, certificate: parsed)
    }
}
