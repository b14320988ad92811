import COpenSSL

extension X509Certificate {
    /// The certificate's subject public key, for checking what the certificate's holder signed (a packed or
    /// FIDO U2F attestation statement). Nothing about the certificate itself is checked here.
    package func publicKey() throws(OpenSSLError) -> SignaturePublicKey {
        try Self.withParsed(der) { (certificate) throws(OpenSSLError) -> SignaturePublicKey in
            // X509_get_pubkey takes a reference of its own, which the returned key then owns.
            guard let key = X509_get_pubkey(certificate) else { throw OpenSSLError("X509_get_pubkey") }
            return try SignaturePublicKey.adopting(key)
        }
    }
}
