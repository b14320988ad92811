import Crypto

/// A credential public key in COSE_Key form (RFC 9052 §7, RFC 9053), as an authenticator sends it and as
/// Portico stores it.
///
/// Only the three key shapes WebAuthn relying parties meet are read: EC2 on P-256 for ES256, RSA for RS256
/// and OKP Ed25519 for EdDSA. The key must name its algorithm (WebAuthn Level 3 §6.5.1.1), and the
/// algorithm must fit the key type, so a signature is only ever checked the way the key was made for.
package struct COSEKey: Sendable, Hashable {
    /// COSE key types (RFC 9053 §7).
    private enum KeyType: Int64 {
        case okp = 1
        case ec2 = 2
        case rsa = 3
    }

    /// COSE elliptic curves (RFC 9053 §7.1).
    private enum Curve: Int64 {
        case p256 = 1
        case ed25519 = 6
    }

    /// The algorithm the key is for.
    package let algorithm: COSEAlgorithm
    /// The encoded key exactly as received, which is what gets stored and parsed again at sign-in.
    package let bytes: [UInt8]
    /// The P-256 point's coordinates, for FIDO U2F attestation, which signs them in uncompressed form.
    package let ec2Point: (x: [UInt8], y: [UInt8])?
    private let publicKey: SignaturePublicKey

    /// Parses a stored or received key; the bytes must hold exactly one COSE_Key.
    package static func parse(_ bytes: [UInt8]) throws(WebAuthnError) -> COSEKey {
        let map: CBOR
        do {
            map = try CBORDecoder().decode(bytes)
        } catch {
            throw .malformed("credential public key: \(error)")
        }
        return try COSEKey(map: map, bytes: bytes)
    }

    /// Reads `map`, the decoded form of `bytes`.
    init(map: CBOR, bytes: [UInt8]) throws(WebAuthnError) {
        guard map.mapValue != nil else { throw .malformed("credential public key: \(map.kindName) instead of a map") }
        guard let keyTypeValue = map[intKey: 1]?.intValue else {
            throw .malformed("credential public key: no integer key type (kty, label 1)")
        }
        guard let algorithmValue = map[intKey: 3]?.intValue else {
            throw .malformed("credential public key: no integer algorithm (alg, label 3)")
        }
        guard let algorithm = COSEAlgorithm(rawValue: algorithmValue) else { throw .unsupportedAlgorithm(algorithmValue) }
        guard let keyType = KeyType(rawValue: keyTypeValue) else {
            throw .malformed("credential public key: key type \(keyTypeValue) is not supported (only EC2, RSA and OKP)")
        }

        func parameter(_ label: Int64, _ name: String) throws(WebAuthnError) -> [UInt8] {
            guard let value = map[intKey: label]?.bytesValue else {
                throw .malformed("credential public key: no byte string \(name) (label \(label))")
            }
            return value
        }
        func curve() throws(WebAuthnError) -> Curve {
            guard let value = map[intKey: -1]?.intValue else { throw .malformed("credential public key: no integer curve (crv, label -1)") }
            guard let curve = Curve(rawValue: value) else {
                throw .malformed("credential public key: curve \(value) is not supported (only P-256 and Ed25519)")
            }
            return curve
        }

        var point: (x: [UInt8], y: [UInt8])?
        do {
            switch (keyType, algorithm) {
            case (.ec2, .es256):
                guard try curve() == .p256 else { throw WebAuthnError.malformed("credential public key: ES256 needs curve P-256") }
                let coordinates = (x: try parameter(-2, "x"), y: try parameter(-3, "y"))
                publicKey = try SignaturePublicKey.p256(x: coordinates.x, y: coordinates.y)
                point = coordinates
            case (.rsa, .rs256):
                publicKey = try SignaturePublicKey.rsa(modulus: try parameter(-1, "n"), exponent: try parameter(-2, "e"))
            case (.okp, .edDSA):
                guard try curve() == .ed25519 else { throw WebAuthnError.malformed("credential public key: EdDSA needs curve Ed25519") }
                publicKey = try SignaturePublicKey.ed25519(try parameter(-2, "x"))
            default:
                throw WebAuthnError.malformed("credential public key: algorithm \(algorithm.name) does not fit key type \(keyTypeValue)")
            }
        } catch let error as WebAuthnError {
            throw error
        } catch {
            throw .malformed("credential public key: \(error)")
        }
        self.algorithm = algorithm
        self.bytes = bytes
        ec2Point = point
    }

    /// Whether `signature` is this key's signature over `message`, by the key's algorithm.
    package func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        publicKey.verify(signature: signature, message: message)
    }

    package static func == (lhs: COSEKey, rhs: COSEKey) -> Bool { lhs.bytes == rhs.bytes }

    package func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
