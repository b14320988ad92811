import Crypto

/// Proof Key for Code Exchange (RFC 7636) with the `S256` method only.
///
/// `plain` would let whoever sees the authorization request (a browser history, a proxy log) redeem the code,
/// and botocore never sends it, so there is nothing to support.
package enum PKCE {
    /// RFC 7636 §4.1: 43 to 128 characters of ALPHA / DIGIT / `-` / `.` / `_` / `~`.
    package static func isValidVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy(isUnreserved)
    }

    /// Whether `challenge` has the shape of an S256 challenge: a SHA-256 digest as 43 base64url characters without padding.
    package static func isValidChallenge(_ challenge: String) -> Bool {
        challenge.utf8.count == 43 && Base64URL.decode(challenge)?.count == SHA256.digestLength
    }

    /// The S256 challenge for `verifier`: BASE64URL(SHA256(ASCII(verifier))) without `=` (RFC 7636 §4.2).
    package static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }

    /// Whether `verifier` is well formed and hashes to `challenge`, compared in constant time (RFC 7636 §4.6).
    package static func verify(verifier: String, challenge: String) -> Bool {
        guard isValidVerifier(verifier) else { return false }
        return ConstantTime.equals(Array(Self.challenge(for: verifier).utf8), Array(challenge.utf8))
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
