import Crypto
import Testing

struct RSAKeyPairTests {
    static let key = try! RSAKeyPair.generate()

    @Test func generatesA3072BitKey() {
        #expect(Self.key.bits == 3072)
    }

    @Test func signatureVerifiesWithTheSameKey() {
        let message = Array("an assertion".utf8)
        let signature = Self.key.signSHA256(message)
        #expect(signature.count == 384)
        #expect(Self.key.isValidSHA256Signature(signature, for: message))
    }

    @Test func signatureFailsForAnAlteredMessageOrSignature() {
        let message = Array("an assertion".utf8)
        var signature = Self.key.signSHA256(message)
        #expect(!Self.key.isValidSHA256Signature(signature, for: Array("an assertioN".utf8)))
        signature[10] ^= 0x01
        #expect(!Self.key.isValidSHA256Signature(signature, for: message))
        #expect(!Self.key.isValidSHA256Signature([], for: message))
    }

    @Test func signatureFailsWithAnotherKey() throws {
        let other = try RSAKeyPair.generate(bits: 2048)
        let message = Array("an assertion".utf8)
        #expect(!other.isValidSHA256Signature(Self.key.signSHA256(message), for: message))
    }

    @Test func privateKeyPEMRoundTripsToTheSameKey() throws {
        let pem = Self.key.privateKeyPEM()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let restored = try RSAKeyPair.fromPEM(pem)
        #expect(restored.privateKeyPEM() == pem)
        let message = Array("round trip".utf8)
        #expect(Self.key.isValidSHA256Signature(restored.signSHA256(message), for: message))
    }

    @Test func publicKeyPEMIsSubjectPublicKeyInfo() {
        #expect(Self.key.publicKeyPEM().hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
    }

    @Test func refusesGarbageAndPublicKeysAsPrivateKeyPEM() {
        #expect(throws: OpenSSLError.self) { try RSAKeyPair.fromPEM("not a key") }
        #expect(throws: OpenSSLError.self) { try RSAKeyPair.fromPEM("") }
        #expect(throws: OpenSSLError.self) { try RSAKeyPair.fromPEM(Self.key.publicKeyPEM()) }
    }
}
