import Testing
import WebAuthn

struct COSEKeyTests {
    static let es256 = CeremonyFixtures.credential("es256").publicKeyBytes

    /// The ES256 fixture key's map, to build variants of it.
    static var es256Entries: [CBOR.Entry] { try! CBORDecoder().decode(es256).mapValue! }

    static func replacing(_ label: Int64, with value: CBOR?) -> [UInt8] {
        var entries = es256Entries.filter { $0.key.intValue != label }
        if let value { entries.append(CBOR.Entry(key: label < 0 ? .negative(UInt64(-1 - label)) : .unsigned(UInt64(label)), value: value)) }
        return CBOR.map(entries).encoded
    }

    @Test(arguments: [("es256", COSEAlgorithm.es256), ("rs256", .rs256), ("eddsa", .edDSA)])
    func parsesEachSupportedKey(_ name: String, _ algorithm: COSEAlgorithm) throws {
        let fixture = CeremonyFixtures.credential(name)
        let key = try COSEKey.parse(fixture.publicKeyBytes)
        #expect(key.algorithm == algorithm)
        #expect(key.bytes == fixture.publicKeyBytes)
        #expect((key.ec2Point != nil) == (algorithm == .es256))
    }

    @Test func namesTheAlgorithms() {
        #expect(COSEAlgorithm.es256.rawValue == -7 && COSEAlgorithm.rs256.rawValue == -257 && COSEAlgorithm.edDSA.rawValue == -8)
        #expect(COSEAlgorithm.es256.name == "ES256 (ECDSA P-256 with SHA-256)")
        #expect(COSEAlgorithm.describe(-35) == "COSE algorithm -35")
    }

    @Test func unsupportedAlgorithmIsRefusedByNumber() {
        #expect(throws: WebAuthnError.unsupportedAlgorithm(-35)) { try COSEKey.parse(Self.replacing(3, with: .negative(34))) }
        #expect(throws: WebAuthnError.unsupportedAlgorithm(-65535)) { try COSEKey.parse(Self.replacing(3, with: .negative(65534))) }
    }

    @Test func unsupportedKeyTypeAndCurveAreNamed() {
        #expect(throws: WebAuthnError.malformed("credential public key: key type 4 is not supported (only EC2, RSA and OKP)")) {
            try COSEKey.parse(Self.replacing(1, with: .unsigned(4)))
        }
        #expect(throws: WebAuthnError.malformed("credential public key: curve 2 is not supported (only P-256 and Ed25519)")) {
            try COSEKey.parse(Self.replacing(-1, with: .unsigned(2)))
        }
        #expect(throws: WebAuthnError.malformed("credential public key: algorithm EdDSA (Ed25519) does not fit key type 2")) {
            try COSEKey.parse(Self.replacing(3, with: .negative(7)))
        }
    }

    @Test func missingOrWrongParametersAreRefused() {
        #expect(throws: WebAuthnError.malformed("credential public key: no integer algorithm (alg, label 3)")) {
            try COSEKey.parse(Self.replacing(3, with: nil))
        }
        #expect(throws: WebAuthnError.malformed("credential public key: no byte string y (label -3)")) {
            try COSEKey.parse(Self.replacing(-3, with: .text("y")))
        }
        #expect(throws: WebAuthnError.malformed("credential public key: an array instead of a map")) {
            try COSEKey.parse(CBOR.array([]).encoded)
        }
    }

    @Test func pointOffTheCurveIsRefused() throws {
        var y = try #require(CBORDecoder().decode(Self.es256)[intKey: -3]?.bytesValue)
        y[0] ^= 1
        let error = CeremonyFixtures.refusal { _ = try COSEKey.parse(Self.replacing(-3, with: .bytes(y))) }
        #expect(error?.auditReason == "malformed_response")
    }

    @Test func trailingBytesAreRefused() {
        #expect(CeremonyFixtures.refusal { _ = try COSEKey.parse(Self.es256 + [0]) }?.auditReason == "malformed_response")
    }
}
