import COpenSSL
import Foundation

/// A software WebAuthn authenticator for tests: a P-256 key made with libcrypto, answering registrations
/// (attestation `none`) and sign-ins as a security key would, with knobs to answer wrongly.
///
/// It is the browser and the key together: it writes `clientDataJSON` with the origin it is told, so a test can
/// send the wrong one, and signs whatever it is asked to, so tests can break each part on its own.
package final class SoftAuthenticator: @unchecked Sendable {
    package let credentialID: [UInt8]
    package var signCount: UInt32 = 0
    /// The user handle the key stores when registered as a passkey.
    package var userHandle: [UInt8] = []
    private let key: OpaquePointer

    /// A key with a fresh P-256 pair, under `credentialID` (random unless a test copies another key's).
    package init(credentialID: [UInt8] = (0..<16).map { _ in UInt8.random(in: 0...255) }) {
        self.credentialID = credentialID
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil), EVP_PKEY_keygen_init(context) == 1,
            EVP_PKEY_CTX_set_group_name(context, "P-256") == 1
        else { fatalError("cannot set up P-256 key generation") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { fatalError("EVP_PKEY_generate failed") }
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// The uncompressed public point's x and y.
    private var point: (x: [UInt8], y: [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(key, "pub", &buffer, 65, &length) == 1, length == 65 else {
            fatalError("cannot read the public point")
        }
        return (Array(buffer[1..<33]), Array(buffer[33..<65]))
    }

    /// The credential's public key as a COSE_Key (EC2, P-256, ES256).
    package var coseKey: [UInt8] {
        let (x, y) = point
        return CBORWriter.map([(.int(1), .int(2)), (.int(3), .int(-7)), (.int(-1), .int(1)), (.int(-2), .bytes(x)), (.int(-3), .bytes(y))])
    }

    /// What the browser posts after `navigator.credentials.create`.
    package struct Registration {
        package var clientDataJSON: [UInt8]
        package var attestationObject: [UInt8]
    }

    /// What the browser posts after `navigator.credentials.get`.
    package struct Assertion {
        package var clientDataJSON: [UInt8]
        package var authenticatorData: [UInt8]
        package var signature: [UInt8]
    }

    package static func clientData(type: String, challenge: [UInt8], origin: String) -> [UInt8] {
        let encoded = Data(challenge).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return Array(#"{"type":"\#(type)","challenge":"\#(encoded)","origin":"\#(origin)","crossOrigin":false}"#.utf8)
    }

    private func authenticatorData(rpID: String, flags: UInt8, attested: Bool) -> [UInt8] {
        var data = sha256(Array(rpID.utf8)) + [flags]
        data += [
            UInt8(signCount >> 24), UInt8(truncatingIfNeeded: signCount >> 16), UInt8(truncatingIfNeeded: signCount >> 8),
            UInt8(truncatingIfNeeded: signCount),
        ]
        if attested {
            data += [UInt8](repeating: 0, count: 16) + [UInt8(credentialID.count >> 8), UInt8(truncatingIfNeeded: credentialID.count)]
            data += credentialID + coseKey
        }
        return data
    }

    /// Registers with the relying party `rpID` for a page at `origin`.
    package func register(challenge: [UInt8], rpID: String, origin: String, userVerified: Bool = true) -> Registration {
        let flags: UInt8 = 0x01 | (userVerified ? 0x04 : 0) | 0x40
        let attestation = CBORWriter.map([
            (.text("fmt"), .text("none")), (.text("attStmt"), .raw(CBORWriter.map([]))),
            (.text("authData"), .bytes(authenticatorData(rpID: rpID, flags: flags, attested: true))),
        ])
        return Registration(
            clientDataJSON: Self.clientData(type: "webauthn.create", challenge: challenge, origin: origin), attestationObject: attestation)
    }

    /// Signs in: counts one more use (unless `signCount` is set first) and signs authenticator data ‖ SHA-256(client data).
    package func assert(
        challenge: [UInt8], rpID: String, origin: String, userVerified: Bool = true, type: String = "webauthn.get", countUse: Bool = true
    ) -> Assertion {
        if countUse { signCount += 1 }
        let clientDataJSON = Self.clientData(type: type, challenge: challenge, origin: origin)
        let data = authenticatorData(rpID: rpID, flags: 0x01 | (userVerified ? 0x04 : 0), attested: false)
        return Assertion(clientDataJSON: clientDataJSON, authenticatorData: data, signature: sign(data + sha256(clientDataJSON)))
    }

    /// An ECDSA (DER) signature over SHA-256 of `message`.
    package func sign(_ message: [UInt8]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { fatalError("EVP_DigestSignInit failed") }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else { fatalError("EVP_DigestSign failed") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else { fatalError("EVP_DigestSign failed") }
        return Array(signature[..<length])
    }

    private func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil) == 1 else { fatalError("EVP_Digest failed") }
        return digest
    }
}

/// Just enough CBOR (RFC 8949) to write what an authenticator sends: small ints, text, bytes and maps.
package enum CBORWriter {
    package indirect enum Item {
        case int(Int)
        case text(String)
        case bytes([UInt8])
        /// Bytes already encoded, written as they are.
        case raw([UInt8])
    }

    package static func map(_ entries: [(Item, Item)]) -> [UInt8] {
        var out = head(5, UInt64(entries.count))
        for (key, value) in entries { out += encode(key) + encode(value) }
        return out
    }

    package static func encode(_ item: Item) -> [UInt8] {
        switch item {
        case .int(let value) where value >= 0: head(0, UInt64(value))
        case .int(let value): head(1, UInt64(-1 - value))
        case .text(let text): head(3, UInt64(text.utf8.count)) + Array(text.utf8)
        case .bytes(let bytes): head(2, UInt64(bytes.count)) + bytes
        case .raw(let bytes): bytes
        }
    }

    package static func head(_ major: UInt8, _ value: UInt64) -> [UInt8] {
        switch value {
        case 0..<24: [major << 5 | UInt8(value)]
        case 24..<256: [major << 5 | 24, UInt8(value)]
        case 256..<65536: [major << 5 | 25, UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
        default: [major << 5 | 26] + (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt64($0))) }
        }
    }
}
