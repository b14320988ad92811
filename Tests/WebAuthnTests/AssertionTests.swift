import Testing
import WebAuthn

/// §7.2 on assertions from a software authenticator: each check refuses what it is there to refuse.
struct AssertionTests {
    static let es256 = CeremonyFixtures.credential("es256")

    @Test(arguments: ["es256", "rs256", "eddsa"])
    func validAssertionVerifies(_ name: String) throws {
        let fixture = CeremonyFixtures.credential(name)
        let verified = try fixture.assertion.verify(publicKey: fixture.publicKey, storedSignCount: 6, requireUserVerification: true)
        #expect(verified.signCount == 7)
        #expect(verified.userVerified)
        #expect(!verified.backedUp)
    }

    @Test func storedKeyFromRegistrationVerifiesTheAssertion() throws {
        let credential = try Self.es256.registration.verify()
        let stored = try COSEKey.parse(credential.publicKey.bytes)
        #expect(try Self.es256.assertion.verify(publicKey: stored, storedSignCount: credential.signCount).signCount == 7)
    }

    @Test func badSignatureIsRefused() {
        let assertion = Self.es256.assertion
        var signature = assertion.signature
        signature[signature.count - 3] ^= 0x40
        let tampered = CeremonyFixtures.Assertion(
            clientDataJSON: assertion.clientDataJSON, authenticatorData: assertion.authenticatorData, signature: signature,
            signCount: assertion.signCount)
        #expect(throws: WebAuthnError.badSignature) { try tampered.verify(publicKey: Self.es256.publicKey) }
    }

    @Test func anotherCredentialsKeyIsRefused() {
        #expect(throws: WebAuthnError.badSignature) {
            try Self.es256.assertion.verify(publicKey: CeremonyFixtures.credential("eddsa").publicKey)
        }
        #expect(throws: WebAuthnError.badSignature) {
            try CeremonyFixtures.credential("rs256").assertion.verify(publicKey: Self.es256.publicKey)
        }
    }

    @Test func alteredAuthenticatorDataIsRefused() {
        let assertion = Self.es256.assertion
        var data = assertion.authenticatorData
        data[36] += 1  // the counter, which the signature covers
        let tampered = CeremonyFixtures.Assertion(
            clientDataJSON: assertion.clientDataJSON, authenticatorData: data, signature: assertion.signature, signCount: 8)
        #expect(throws: WebAuthnError.badSignature) { try tampered.verify(publicKey: Self.es256.publicKey) }
    }

    @Test(arguments: [7, 8, 1000] as [UInt32])
    func counterThatDidNotIncreaseIsRefused(_ stored: UInt32) {
        #expect(throws: WebAuthnError.counterDidNotIncrease(stored: stored, received: 7)) {
            try Self.es256.assertion.verify(publicKey: Self.es256.publicKey, storedSignCount: stored)
        }
        #expect(WebAuthnError.counterDidNotIncrease(stored: stored, received: 7).auditReason == "counter_did_not_increase")
    }

    @Test func authenticatorWithoutACounterIsAccepted() throws {
        let assertion = CeremonyFixtures.assertion("assertionZeroCounter")
        #expect(try assertion.verify(publicKey: Self.es256.publicKey, storedSignCount: 0).signCount == 0)
        // A counter that was counting and falls to 0 went backwards.
        #expect(throws: WebAuthnError.counterDidNotIncrease(stored: 5, received: 0)) {
            try assertion.verify(publicKey: Self.es256.publicKey, storedSignCount: 5)
        }
    }

    @Test func replayedChallengeIsRefused() {
        // The server has moved on to a new challenge; the old response does not answer it.
        #expect(throws: WebAuthnError.challengeMismatch) {
            try Self.es256.assertion.verify(publicKey: Self.es256.publicKey, challenge: CeremonyFixtures.registrationChallenge)
        }
    }

    @Test func wrongOriginIsRefused() throws {
        let other = try RelyingParty(baseURL: "http://localhost:8081")
        #expect(throws: WebAuthnError.wrongOrigin("http://localhost:8080")) {
            try Self.es256.assertion.verify(publicKey: Self.es256.publicKey, relyingParty: other)
        }
    }

    @Test func wrongRelyingPartyIdHashIsRefused() {
        #expect(throws: WebAuthnError.wrongRelyingParty) {
            try CeremonyFixtures.assertion("assertionOtherRelyingParty").verify(publicKey: Self.es256.publicKey)
        }
    }

    @Test func wrongTypeIsRefused() {
        #expect(throws: WebAuthnError.wrongCeremony) {
            try CeremonyFixtures.assertion("assertionOfCreateType").verify(publicKey: Self.es256.publicKey)
        }
    }

    @Test func userNotPresentIsRefused() {
        #expect(throws: WebAuthnError.userNotPresent) {
            try CeremonyFixtures.assertion("assertionWithoutUserPresence").verify(publicKey: Self.es256.publicKey)
        }
    }

    @Test func userVerificationRequiredButAbsentIsRefused() throws {
        let assertion = CeremonyFixtures.assertion("assertionWithoutUserVerification")
        #expect(throws: WebAuthnError.userNotVerified) {
            try assertion.verify(publicKey: Self.es256.publicKey, requireUserVerification: true)
        }
        #expect(try !assertion.verify(publicKey: Self.es256.publicKey).userVerified)
    }

    @Test func backedUpWithoutBackupEligibilityIsRefused() {
        let error = CeremonyFixtures.refusal {
            _ = try CeremonyFixtures.assertion("assertionBackedUpNotEligible").verify(publicKey: Self.es256.publicKey)
        }
        #expect(error == .malformed("authenticator data: the backed-up flag without the backup-eligible flag"))
    }

    @Test func passkeyReportsItIsBackedUp() throws {
        #expect(try CeremonyFixtures.assertion("assertionPasskey").verify(publicKey: Self.es256.publicKey).backedUp)
    }

    @Test func extensionsAreReadAndSigned() throws {
        #expect(try CeremonyFixtures.assertion("assertionWithExtensions").verify(publicKey: Self.es256.publicKey).signCount == 7)
    }

    @Test func crossOriginCallIsRefused() {
        let json = Array(
            #"{"type":"webauthn.get","challenge":"ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8","origin":"http://localhost:8080","crossOrigin":true,"topOrigin":"https://evil.example"}"#
                .utf8)
        let assertion = CeremonyFixtures.Assertion(
            clientDataJSON: json, authenticatorData: Self.es256.assertion.authenticatorData, signature: Self.es256.assertion.signature,
            signCount: 7)
        #expect(throws: WebAuthnError.crossOrigin) { try assertion.verify(publicKey: Self.es256.publicKey) }
    }

    @Test func malformedAuthenticatorDataIsRefused() {
        let assertion = Self.es256.assertion
        for data in [[], Array(assertion.authenticatorData.prefix(36)), assertion.authenticatorData + [0]] {
            let malformed = CeremonyFixtures.Assertion(
                clientDataJSON: assertion.clientDataJSON, authenticatorData: data, signature: assertion.signature, signCount: 7)
            #expect(
                CeremonyFixtures.refusal { _ = try malformed.verify(publicKey: Self.es256.publicKey) }?.auditReason == "malformed_response")
        }
    }
}
