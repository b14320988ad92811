import Crypto
import Testing
import WebAuthn

struct AuthenticatorDataTests {
    static let rpIDHash = SHA256.hash(Array("localhost".utf8))

    /// Authenticator data with `flags` and `tail` after the fixed part.
    static func data(flags: UInt8, count: UInt32 = 9, tail: [UInt8] = []) -> [UInt8] {
        rpIDHash + [flags] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: count >> $0) } + tail
    }

    /// Attested credential data for the ES256 fixture key with a credential id of `idLength` bytes.
    static func attested(idLength: Int, declaredLength: Int? = nil) -> [UInt8] {
        let length = declaredLength ?? idLength
        return [UInt8](repeating: 0xAA, count: 16) + [UInt8(length >> 8), UInt8(length & 0xFF)] + [UInt8](repeating: 7, count: idLength)
            + CeremonyFixtures.credential("es256").publicKeyBytes
    }

    @Test func parsesTheFixedPart() throws {
        let parsed = try AuthenticatorData.parse(Self.data(flags: 0x05, count: 0x0102_0304))
        #expect(parsed.rpIDHash == Self.rpIDHash)
        #expect(parsed.flags == [.userPresent, .userVerified])
        #expect(parsed.signCount == 0x0102_0304)
        #expect(parsed.attestedCredential == nil && parsed.extensions == nil)
    }

    @Test func parsesAttestedCredentialAndExtensions() throws {
        let extensions = CBOR.map([CBOR.Entry(key: .text("credProtect"), value: .unsigned(2))])
        let parsed = try AuthenticatorData.parse(Self.data(flags: 0xC1, tail: Self.attested(idLength: 20) + extensions.encoded))
        let credential = try #require(parsed.attestedCredential)
        #expect(credential.aaguid == [UInt8](repeating: 0xAA, count: 16))
        #expect(credential.credentialID == [UInt8](repeating: 7, count: 20))
        #expect(credential.publicKey.bytes == CeremonyFixtures.credential("es256").publicKeyBytes)
        #expect(parsed.extensions == extensions)
    }

    @Test func credentialIDOf1023BytesIsTheLimit() throws {
        #expect(try AuthenticatorData.parse(Self.data(flags: 0x41, tail: Self.attested(idLength: 1023))).attestedCredential != nil)
        #expect(throws: WebAuthnError.malformed("authenticator data: a credential id of 1024 bytes, more than 1023")) {
            try AuthenticatorData.parse(Self.data(flags: 0x41, tail: Self.attested(idLength: 1024)))
        }
    }

    @Test func refusesFlagsThatDisagreeWithTheContent() {
        let refusals: [(String, [UInt8])] = [
            ("short", Array(Self.data(flags: 0x01).prefix(36))),
            ("AT without data", Self.data(flags: 0x41)),
            ("data without AT", Self.data(flags: 0x01, tail: Self.attested(idLength: 4))),
            ("ED without extensions", Self.data(flags: 0x81)),
            ("extensions that are not a map", Self.data(flags: 0x81, tail: [0x01])),
            ("trailing byte", Self.data(flags: 0x01, tail: [0])),
            ("trailing byte after the key", Self.data(flags: 0x41, tail: Self.attested(idLength: 4) + [0])),
            ("id longer than the data", Self.data(flags: 0x41, tail: Self.attested(idLength: 4, declaredLength: 400))),
            ("truncated key", Self.data(flags: 0x41, tail: Self.attested(idLength: 4).dropLast())),
        ]
        for (name, data) in refusals {
            #expect(CeremonyFixtures.refusal { _ = try AuthenticatorData.parse(data) }?.auditReason == "malformed_response", "\(name)")
        }
    }
}
