import Crypto

/// The relying party's checks of a registration (WebAuthn Level 3 §7.1) and of an authentication assertion
/// (§7.2), as pure functions over the bytes the browser sent and what the app kept.
///
/// The order follows the specification's steps, cheapest first, so that a response for the wrong site or
/// challenge is refused before any signature is checked. The counter comes last in an assertion: only a
/// response whose signature verifies can tell anything about the authenticator, cloned or not.
package enum WebAuthnVerifier {
    /// The ceremony of §7.1: checks a `navigator.credentials.create()` response and returns the credential.
    package static func verifyRegistration(
        clientDataJSON: [UInt8], attestationObject: [UInt8], expectedChallenge: [UInt8], relyingParty: RelyingParty,
        requireUserVerification: Bool
    ) throws(WebAuthnError) -> RegisteredCredential {
        try checkClientData(clientDataJSON, type: "webauthn.create", expectedChallenge: expectedChallenge, relyingParty: relyingParty)
        let attestation = try AttestationObject.parse(attestationObject)
        let authenticatorData = attestation.authenticatorData
        try checkAuthenticatorData(authenticatorData, relyingParty: relyingParty, requireUserVerification: requireUserVerification)
        guard let credential = authenticatorData.attestedCredential else {
            throw .malformed("authenticator data: a registration without attested credential data (AT flag clear)")
        }
        try attestation.verifyStatement(clientDataHash: SHA256.hash(clientDataJSON))
        return RegisteredCredential(
            credentialID: credential.credentialID, publicKey: credential.publicKey, algorithm: credential.publicKey.algorithm,
            signCount: authenticatorData.signCount, userVerified: authenticatorData.flags.contains(.userVerified),
            backupEligible: authenticatorData.flags.contains(.backupEligible), backedUp: authenticatorData.flags.contains(.backedUp),
            aaguid: credential.aaguid, attestationFormat: attestation.format)
    }

    /// The ceremony of §7.2: checks a `navigator.credentials.get()` response against the stored key and counter.
    package static func verifyAssertion(
        clientDataJSON: [UInt8], authenticatorData: [UInt8], signature: [UInt8], expectedChallenge: [UInt8],
        relyingParty: RelyingParty, publicKey: COSEKey, storedSignCount: UInt32, requireUserVerification: Bool
    ) throws(WebAuthnError) -> VerifiedAssertion {
        try checkClientData(clientDataJSON, type: "webauthn.get", expectedChallenge: expectedChallenge, relyingParty: relyingParty)
        let data = try AuthenticatorData.parse(authenticatorData)
        try checkAuthenticatorData(data, relyingParty: relyingParty, requireUserVerification: requireUserVerification)
        guard publicKey.verify(signature: signature, message: authenticatorData + SHA256.hash(clientDataJSON)) else {
            throw .badSignature
        }
        // Step 22: authenticators without a counter send 0 every time; otherwise it must go up.
        if (data.signCount != 0 || storedSignCount != 0) && data.signCount <= storedSignCount {
            throw .counterDidNotIncrease(stored: storedSignCount, received: data.signCount)
        }
        return VerifiedAssertion(
            signCount: data.signCount, userVerified: data.flags.contains(.userVerified), backedUp: data.flags.contains(.backedUp))
    }

    /// Steps 5-10 of §7.1 and 10-15 of §7.2: type, challenge, origin, cross-origin.
    private static func checkClientData(
        _ json: [UInt8], type: String, expectedChallenge: [UInt8], relyingParty: RelyingParty
    ) throws(WebAuthnError) {
        let clientData = try ClientData.parse(json)
        guard clientData.type == type else { throw .wrongCeremony }
        guard ConstantTime.equals(clientData.challenge, expectedChallenge) else { throw .challengeMismatch }
        guard clientData.origin == relyingParty.origin else { throw .wrongOrigin(clientData.origin) }
        // Portico is never meant to be framed, so a cross-origin call is refused whatever its top origin.
        guard !clientData.crossOrigin else { throw .crossOrigin }
    }

    /// Steps 13-16 of §7.1 and 16-19 of §7.2: relying party, user presence and verification, backup flags.
    private static func checkAuthenticatorData(
        _ data: AuthenticatorData, relyingParty: RelyingParty, requireUserVerification: Bool
    ) throws(WebAuthnError) {
        guard ConstantTime.equals(data.rpIDHash, SHA256.hash(Array(relyingParty.id.utf8))) else { throw .wrongRelyingParty }
        guard data.flags.contains(.userPresent) else { throw .userNotPresent }
        guard !requireUserVerification || data.flags.contains(.userVerified) else { throw .userNotVerified }
        // §6.1.3: a credential that cannot be backed up cannot be backed up now.
        guard data.flags.contains(.backupEligible) || !data.flags.contains(.backedUp) else {
            throw .malformed("authenticator data: the backed-up flag without the backup-eligible flag")
        }
    }
}
