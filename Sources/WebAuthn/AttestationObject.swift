import Crypto

/// The attestation object of a registration (WebAuthn Level 3 §6.5.4): the authenticator data with the new
/// credential, and a statement in some format about the authenticator that made it.
///
/// Portico asks for `none` attestation (it does not decide which key models are allowed), so browsers
/// usually send `none`. `packed` and `fido-u2f` statements still arrive from some keys; they are checked for
/// what they claim (the signature, and for packed the certificate's AAGUID and end-entity status), but their
/// certificate chains are not, since no trust anchors are kept.
package struct AttestationObject: Sendable, Hashable {
    /// The statement format, e.g. `none`, `packed`, `fido-u2f`.
    package let format: String
    /// The statement, a map whose shape depends on `format`.
    package let statement: CBOR
    package let authenticatorData: AuthenticatorData

    /// id-fido-gen-ce-aaguid: a certificate extension holding the authenticator model's AAGUID (§8.2.1).
    private static let aaguidExtension = "1.3.6.1.4.1.45724.1.1.4"

    /// Parses the CBOR map `{fmt, attStmt, authData}`; the statement is not checked until `verifyStatement`.
    package static func parse(_ bytes: [UInt8]) throws(WebAuthnError) -> AttestationObject {
        let value: CBOR
        do {
            value = try CBORDecoder().decode(bytes)
        } catch {
            throw .malformed("attestation object: \(error)")
        }
        guard value.mapValue != nil else { throw .malformed("attestation object: \(value.kindName) instead of a map") }
        guard let format = value[textKey: "fmt"]?.textValue else { throw .malformed("attestation object: no text \"fmt\"") }
        guard let statement = value[textKey: "attStmt"], statement.mapValue != nil else {
            throw .malformed("attestation object: no map \"attStmt\"")
        }
        guard let authData = value[textKey: "authData"]?.bytesValue else {
            throw .malformed("attestation object: no byte string \"authData\"")
        }
        return AttestationObject(format: format, statement: statement, authenticatorData: try AuthenticatorData.parse(authData))
    }

    /// Checks the statement against the authenticator data and the hash of clientDataJSON (§8), refusing
    /// formats other than `none`, `packed` and `fido-u2f`.
    package func verifyStatement(clientDataHash: [UInt8]) throws(WebAuthnError) {
        guard let credential = authenticatorData.attestedCredential else {
            throw .malformed("attestation object: the authenticator data holds no credential")
        }
        let signedData = authenticatorData.bytes + clientDataHash
        switch format {
        case "none":
            guard statement.mapValue?.isEmpty == true else { throw .invalidAttestation("a none statement that is not empty") }
        case "packed":
            try verifyPacked(credential: credential, signedData: signedData)
        case "fido-u2f":
            try verifyFIDOU2F(credential: credential, clientDataHash: clientDataHash)
        default:
            throw .unsupportedAttestation(format)
        }
    }

    /// §8.2: self attestation (signed with the credential key) or with an attestation certificate.
    private func verifyPacked(credential: AuthenticatorData.AttestedCredential, signedData: [UInt8]) throws(WebAuthnError) {
        guard let algorithmValue = statement[textKey: "alg"]?.intValue else { throw .invalidAttestation("packed: no integer alg") }
        guard let signature = statement[textKey: "sig"]?.bytesValue else { throw .invalidAttestation("packed: no byte string sig") }
        guard let algorithm = COSEAlgorithm(rawValue: algorithmValue) else { throw .unsupportedAlgorithm(algorithmValue) }
        guard statement[textKey: "ecdaaKeyId"] == nil else { throw .unsupportedAttestation("packed with ECDAA") }
        if let chain = statement[textKey: "x5c"] {
            let certificate = try Self.firstCertificate(chain, format: "packed")
            // §8.2.1: an end-entity certificate, and one that names the model in the authenticator data if it names one.
            guard !certificate.isCertificateAuthority else { throw .invalidAttestation("packed: the attestation certificate is a CA") }
            if let aaguid = certificate.extensionValue(oid: Self.aaguidExtension) {
                guard aaguid == [0x04, 0x10] + credential.aaguid else {
                    throw .invalidAttestation("packed: the certificate's AAGUID is not the authenticator data's")
                }
            }
            let key = try Self.publicKey(of: certificate, format: "packed")
            guard key.kind == Self.keyKind(for: algorithm) else {
                throw .invalidAttestation("packed: alg \(algorithm.name) does not fit the certificate's \(key.kind.rawValue) key")
            }
            guard key.verify(signature: signature, message: signedData) else {
                throw .invalidAttestation("packed: the signature does not verify with the attestation certificate")
            }
        } else {
            guard algorithm == credential.publicKey.algorithm else {
                throw .invalidAttestation(
                    "packed self attestation: alg \(algorithm.name) is not the credential's \(credential.publicKey.algorithm.name)")
            }
            guard credential.publicKey.verify(signature: signature, message: signedData) else {
                throw .invalidAttestation("packed self attestation: the signature does not verify with the credential key")
            }
        }
    }

    /// §8.6: one P-256 certificate signing the U2F registration data.
    private func verifyFIDOU2F(credential: AuthenticatorData.AttestedCredential, clientDataHash: [UInt8]) throws(WebAuthnError) {
        guard let signature = statement[textKey: "sig"]?.bytesValue else { throw .invalidAttestation("fido-u2f: no byte string sig") }
        guard let chain = statement[textKey: "x5c"]?.arrayValue, chain.count == 1 else {
            throw .invalidAttestation("fido-u2f: x5c is not exactly one certificate")
        }
        let key = try Self.publicKey(of: try Self.firstCertificate(.array(chain), format: "fido-u2f"), format: "fido-u2f")
        guard key.kind == .p256 else { throw .invalidAttestation("fido-u2f: the certificate's key is not P-256") }
        guard let point = credential.publicKey.ec2Point else { throw .invalidAttestation("fido-u2f: the credential key is not P-256") }
        let registration = [0x00] + authenticatorData.rpIDHash + clientDataHash + credential.credentialID + [0x04] + point.x + point.y
        guard key.verify(signature: signature, message: registration) else {
            throw .invalidAttestation("fido-u2f: the signature does not verify with the attestation certificate")
        }
    }

    private static func firstCertificate(_ chain: CBOR, format: String) throws(WebAuthnError) -> X509Certificate {
        guard let certificates = chain.arrayValue, let first = certificates.first?.bytesValue,
            certificates.allSatisfy({ $0.bytesValue != nil })
        else { throw .invalidAttestation("\(format): x5c is not a non-empty array of byte strings") }
        do {
            return try X509Certificate(der: first)
        } catch {
            throw .invalidAttestation("\(format): the attestation certificate cannot be read: \(error)")
        }
    }

    private static func publicKey(of certificate: X509Certificate, format: String) throws(WebAuthnError) -> SignaturePublicKey {
        do {
            return try certificate.publicKey()
        } catch {
            throw .invalidAttestation("\(format): the attestation certificate's key cannot be used: \(error)")
        }
    }

    private static func keyKind(for algorithm: COSEAlgorithm) -> SignaturePublicKey.Kind {
        switch algorithm {
        case .es256: .p256
        case .rs256: .rsa
        case .edDSA: .ed25519
        }
    }
}
