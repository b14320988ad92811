import OIDC
import Testing

/// S256 only, checked against RFC 7636 Appendix B.
struct PKCETests {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    @Test func theRFC7636AppendixBVectorVerifies() {
        #expect(PKCE.challenge(for: verifier) == challenge)
        #expect(PKCE.verify(verifier: verifier, challenge: challenge))
        #expect(PKCE.isValidVerifier(verifier) && PKCE.isValidChallenge(challenge))
    }

    @Test func aDifferentVerifierOrAlteredChallengeFails() {
        #expect(!PKCE.verify(verifier: String(verifier.dropLast()) + "Y", challenge: challenge))
        #expect(!PKCE.verify(verifier: verifier, challenge: String(challenge.dropLast()) + "A"))
        #expect(!PKCE.verify(verifier: verifier, challenge: challenge + "="), "padding is not part of an S256 challenge")
        #expect(!PKCE.verify(verifier: verifier, challenge: ""))
    }

    @Test func aMalformedVerifierNeverVerifiesEvenAgainstItsOwnHash() {
        let short = String(repeating: "a", count: 42)
        #expect(!PKCE.verify(verifier: short, challenge: PKCE.challenge(for: short)))
    }

    @Test func verifierLengthAndAlphabetFollowSection4_1() {
        #expect(PKCE.isValidVerifier(String(repeating: "a", count: 43)))
        #expect(PKCE.isValidVerifier(String(repeating: "~", count: 128)))
        #expect(PKCE.isValidVerifier("AZaz09-._~" + String(repeating: "x", count: 40)))
        #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 42)))
        #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 129)))
        for bad in ["+", "/", "=", " ", "%", "é"] {
            #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 43) + bad), "\(bad)")
        }
    }

    @Test func aChallengeIsFortyThreeBase64URLCharacters() {
        #expect(!PKCE.isValidChallenge(String(challenge.dropLast())))
        #expect(!PKCE.isValidChallenge(challenge + "A"))
        #expect(!PKCE.isValidChallenge(String(challenge.map { $0 == "-" ? "+" : $0 })), "base64, not base64url")
        #expect(!PKCE.isValidChallenge(String(challenge.dropLast()) + "="))
        #expect(!PKCE.isValidChallenge(String(challenge.dropLast()) + "N"), "a final character with bits past the digest")
    }
}
