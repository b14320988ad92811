import Crypto
import Testing
import WebAuthn

/// §7.1 on registrations from a software authenticator, for each algorithm and attestation format.
struct RegistrationTests {
    @Test(arguments: [("es256", COSEAlgorithm.es256), ("rs256", .rs256), ("eddsa", .edDSA)])
    func noneAttestationRegistersTheCredential(_ name: String, _ algorithm: COSEAlgorithm) throws {
        let fixture = CeremonyFixtures.credential(name)
        let credential = try fixture.registration.verify(requireUserVerification: true)
        #expect(credential.credentialID == fixture.id)
        #expect(credential.algorithm == algorithm)
        #expect(credential.publicKey.algorithm == algorithm)
        #expect(credential.publicKey.bytes == fixture.publicKeyBytes)
        #expect(credential.signCount == 0)
        #expect(credential.userVerified)
        #expect(!credential.backupEligible && !credential.backedUp)
        #expect(credential.aaguid == CeremonyFixtures.bytes(CeremonyFixtures.root, "aaguid"))
        #expect(credential.attestationFormat == "none")
    }

    @Test(arguments: ["packedSelf", "packedX5c", "fidoU2F"])
    func packedAndU2FStatementsAreChecked(_ name: String) throws {
        let credential = try CeremonyFixtures.registration(name).verify()
        #expect(credential.publicKey == CeremonyFixtures.credential("es256").publicKey)
        #expect(credential.attestationFormat == (name == "fidoU2F" ? "fido-u2f" : "packed"))
    }

    @Test func packedWithAWrongSignatureIsRefused() {
        #expect(throws: WebAuthnError.invalidAttestation("packed self attestation: the signature does not verify with the credential key"))
        {
            try CeremonyFixtures.registration("packedBadSignature").verify()
        }
    }

    @Test func packedWhoseAlgorithmIsNotTheKeysIsRefused() {
        #expect(
            throws: WebAuthnError.invalidAttestation(
                "packed self attestation: alg RS256 (RSASSA-PKCS1-v1_5 with SHA-256) is not the credential's ES256 (ECDSA P-256 with SHA-256)"
            )
        ) { try CeremonyFixtures.registration("packedWrongAlgorithm").verify() }
    }

    @Test func fidoU2FWithAWrongSignatureIsRefused() {
        #expect(throws: WebAuthnError.invalidAttestation("fido-u2f: the signature does not verify with the attestation certificate")) {
            try CeremonyFixtures.registration("fidoU2FBadSignature").verify()
        }
    }

    @Test func packedWhoseCertificateNamesAnotherModelIsRefused() {
        #expect(throws: WebAuthnError.invalidAttestation("packed: the certificate's AAGUID is not the authenticator data's")) {
            try CeremonyFixtures.registration("packedX5cOtherAAGUID").verify()
        }
    }

    @Test func packedWithACACertificateIsRefused() {
        #expect(throws: WebAuthnError.invalidAttestation("packed: the attestation certificate is a CA")) {
            try CeremonyFixtures.registration("packedX5cCA").verify()
        }
    }

    @Test func packedWithAnUnreadableCertificateIsRefused() throws {
        let response = try Self.replacingStatement(of: "packedX5c", label: "x5c", with: .array([.bytes([0x30, 0x03, 0x02, 0x01, 0x01])]))
        #expect(CeremonyFixtures.refusal { _ = try response.verify() }?.auditReason == "invalid_attestation")
    }

    @Test func packedWithECDAAIsRefused() throws {
        let response = try Self.replacingStatement(of: "packedSelf", label: "ecdaaKeyId", with: .bytes([1]))
        #expect(throws: WebAuthnError.unsupportedAttestation("packed with ECDAA")) { try response.verify() }
    }

    @Test func fidoU2FWithTwoCertificatesIsRefused() throws {
        let certificate = CBOR.bytes(CeremonyFixtures.bytes(CeremonyFixtures.root, "attestationCertificate"))
        let response = try Self.replacingStatement(of: "fidoU2F", label: "x5c", with: .array([certificate, certificate]))
        #expect(throws: WebAuthnError.invalidAttestation("fido-u2f: x5c is not exactly one certificate")) { try response.verify() }
    }

    @Test func noneWithAStatementIsRefused() {
        #expect(throws: WebAuthnError.invalidAttestation("a none statement that is not empty")) {
            try CeremonyFixtures.registration("noneWithStatement").verify()
        }
    }

    @Test func unknownFormatIsRefusedByName() {
        #expect(throws: WebAuthnError.unsupportedAttestation("android-key")) {
            try CeremonyFixtures.registration("unknownFormat").verify()
        }
    }

    @Test func unsupportedAlgorithmIsRefused() {
        #expect(throws: WebAuthnError.unsupportedAlgorithm(-35)) { try CeremonyFixtures.registration("es384Registration").verify() }
        #expect(WebAuthnError.unsupportedAlgorithm(-35).message.contains("COSE algorithm -35"))
    }

    @Test func wrongChallengeIsRefused() {
        let registration = CeremonyFixtures.credential("es256").registration
        #expect(throws: WebAuthnError.challengeMismatch) { try registration.verify(challenge: CeremonyFixtures.assertionChallenge) }
        #expect(throws: WebAuthnError.challengeMismatch) { try registration.verify(challenge: []) }
    }

    @Test func wrongOriginIsRefused() throws {
        let registration = CeremonyFixtures.credential("es256").registration
        let other = try RelyingParty(baseURL: "https://localhost")
        #expect(throws: WebAuthnError.wrongOrigin("http://localhost:8080")) { try registration.verify(relyingParty: other) }
    }

    @Test func wrongRelyingPartyIdIsRefused() throws {
        // The origin is right but the authenticator answered for "localhost", not this id.
        let registration = CeremonyFixtures.credential("es256").registration
        let other = try RelyingParty(baseURL: "http://127.0.0.1:8080")
        let rewritten = RegistrationTests.clientData(registration.clientDataJSON, origin: other.origin)
        let response = CeremonyFixtures.Registration(clientDataJSON: rewritten, attestationObject: registration.attestationObject)
        #expect(throws: WebAuthnError.wrongRelyingParty) { try response.verify(relyingParty: other) }
    }

    @Test func assertionResponseIsNotARegistration() {
        let assertion = CeremonyFixtures.credential("es256").assertion
        let response = CeremonyFixtures.Registration(
            clientDataJSON: assertion.clientDataJSON, attestationObject: CeremonyFixtures.credential("es256").registration.attestationObject
        )
        #expect(throws: WebAuthnError.wrongCeremony) { try response.verify(challenge: CeremonyFixtures.assertionChallenge) }
    }

    @Test func userVerificationRequiredButAbsentIsRefused() throws {
        let registration = CeremonyFixtures.registration("registrationWithoutUserVerification")
        #expect(throws: WebAuthnError.userNotVerified) { try registration.verify(requireUserVerification: true) }
        // Preferred, not required: the credential registers and says it was not verified.
        #expect(try !registration.verify(requireUserVerification: false).userVerified)
    }

    @Test func malformedAttestationObjectIsRefused() {
        let registration = CeremonyFixtures.credential("es256").registration
        for length in [0, 1, 10, registration.attestationObject.count - 1] {
            let response = CeremonyFixtures.Registration(
                clientDataJSON: registration.clientDataJSON, attestationObject: Array(registration.attestationObject.prefix(length)))
            #expect(CeremonyFixtures.refusal { _ = try response.verify() }?.auditReason == "malformed_response", "\(length) bytes")
        }
    }

    @Test func malformedClientDataIsRefused() {
        let registration = CeremonyFixtures.credential("es256").registration
        for json in ["", "[]", "{\"type\":\"webauthn.create\"}", "{\"type\":\"webauthn.create\",\"challenge\":\"AA==\",\"origin\":\"x\"}"] {
            let response = CeremonyFixtures.Registration(
                clientDataJSON: Array(json.utf8), attestationObject: registration.attestationObject)
            #expect(CeremonyFixtures.refusal { _ = try response.verify() }?.auditReason == "malformed_response", "\(json)")
        }
    }

    /// The registration `name` with the statement's `label` member set to `value` (added when absent).
    static func replacingStatement(of name: String, label: String, with value: CBOR) throws -> CeremonyFixtures.Registration {
        let registration = CeremonyFixtures.registration(name)
        let object = try CBORDecoder().decode(registration.attestationObject)
        let entries = try #require(object.mapValue).map { entry in
            guard entry.key == .text("attStmt"), let statement = entry.value.mapValue else { return entry }
            let kept = statement.filter { $0.key != .text(label) }
            return CBOR.Entry(key: entry.key, value: .map(kept + [CBOR.Entry(key: .text(label), value: value)]))
        }
        return CeremonyFixtures.Registration(clientDataJSON: registration.clientDataJSON, attestationObject: CBOR.map(entries).encoded)
    }

    /// `json` with its origin replaced, as a browser on another address would have sent it.
    static func clientData(_ json: [UInt8], origin: String) -> [UInt8] {
        let text = String(decoding: json, as: UTF8.self)
        let replaced = text.split(separator: "\"origin\":\"", maxSplits: 1)
        let rest = replaced[1].drop { $0 != "\"" }
        return Array((replaced[0] + "\"origin\":\"" + origin + rest).utf8)
    }
}
