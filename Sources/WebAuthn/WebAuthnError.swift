/// Why a WebAuthn registration or sign-in was refused.
///
/// `message` is for the person at the browser, in plain words; `auditReason` is a short code for the audit
/// log and metrics. Apart from `counterDidNotIncrease`, which the app audits and shows to admins (a cloned key
/// is one explanation), every case means the same thing to the ceremony: refuse and let the person retry.
package enum WebAuthnError: Error, Hashable, Sendable, CustomStringConvertible {
    /// CBOR, JSON or a structure that is not what the specification says, with where.
    case malformed(String)
    /// clientDataJSON's `type` is not the ceremony's (`webauthn.create` for registration, `webauthn.get` for sign-in).
    case wrongCeremony
    /// The challenge signed is not the one Portico issued for this ceremony.
    case challengeMismatch
    /// The page that called WebAuthn was not Portico's origin; carries the origin the browser reported.
    case wrongOrigin(String)
    /// The call came from a frame of another site.
    case crossOrigin
    /// The authenticator's rpIdHash is not the SHA-256 of Portico's relying-party id.
    case wrongRelyingParty
    /// The UP flag is clear: nobody touched the key.
    case userNotPresent
    /// UV was required and the flag is clear.
    case userNotVerified
    /// A COSE algorithm other than ES256, RS256 and EdDSA.
    case unsupportedAlgorithm(Int64)
    /// An attestation statement format Portico does not read.
    case unsupportedAttestation(String)
    /// An attestation statement that is present but does not check out.
    case invalidAttestation(String)
    /// The assertion's signature does not verify with the stored public key.
    case badSignature
    /// The signature counter did not go up (WebAuthn Level 3 §7.2 step 22): a cloned authenticator is possible.
    case counterDidNotIncrease(stored: UInt32, received: UInt32)

    /// What went wrong, in words for the person who held the key.
    package var message: String {
        switch self {
        case .malformed:
            "Your browser or security key sent a response that could not be read. Please try again."
        case .wrongCeremony:
            "Your browser sent a response for a different step (registering instead of signing in, or the other way round)."
        case .challengeMismatch:
            "This response does not belong to this attempt; it may be old or from another tab. Please try again."
        case .wrongOrigin(let origin):
            "The request came from \(origin), which is not this portal's address."
        case .crossOrigin:
            "The security key was used from inside another site's page, which is not allowed."
        case .wrongRelyingParty:
            "This security key answered for a different site than this portal."
        case .userNotPresent:
            "The security key did not confirm that someone touched it. Please touch the key when it blinks."
        case .userNotVerified:
            "The security key did not verify you with its PIN or biometrics, which this portal requires."
        case .unsupportedAlgorithm(let algorithm):
            "This security key uses a signature algorithm (\(COSEAlgorithm.describe(algorithm))) that this portal does not support."
        case .unsupportedAttestation(let format):
            "This security key describes itself in a format (\(format)) that this portal does not read."
        case .invalidAttestation:
            "This security key's statement about itself does not check out."
        case .badSignature:
            "The security key's signature did not verify. It may not be the key registered for this account."
        case .counterDidNotIncrease:
            "This security key's use counter went backwards, which can mean that the key was copied. The sign-in was refused and an administrator can see this event."
        }
    }

    /// A short snake_case code for the audit log.
    package var auditReason: String {
        switch self {
        case .malformed: "malformed_response"
        case .wrongCeremony: "wrong_ceremony"
        case .challengeMismatch: "challenge_mismatch"
        case .wrongOrigin: "wrong_origin"
        case .crossOrigin: "cross_origin"
        case .wrongRelyingParty: "wrong_relying_party"
        case .userNotPresent: "user_not_present"
        case .userNotVerified: "user_not_verified"
        case .unsupportedAlgorithm: "unsupported_algorithm"
        case .unsupportedAttestation: "unsupported_attestation"
        case .invalidAttestation: "invalid_attestation"
        case .badSignature: "bad_signature"
        case .counterDidNotIncrease: "counter_did_not_increase"
        }
    }

    /// The HTTP status a JSON endpoint answers with: every refusal is the client's response being unfit.
    package var status: Int { 400 }

    /// The details for a log line, which `message` leaves out.
    package var description: String {
        switch self {
        case .malformed(let detail): "malformed: \(detail)"
        case .wrongOrigin(let origin): "wrong origin \(origin)"
        case .unsupportedAlgorithm(let algorithm): "unsupported algorithm \(COSEAlgorithm.describe(algorithm))"
        case .unsupportedAttestation(let format): "unsupported attestation format \(format)"
        case .invalidAttestation(let detail): "invalid attestation: \(detail)"
        case .counterDidNotIncrease(let stored, let received): "signature counter \(received) is not above the stored \(stored)"
        default: auditReason.split(separator: "_").joined(separator: " ")
        }
    }
}
