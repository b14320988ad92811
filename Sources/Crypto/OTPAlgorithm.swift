/// The HMAC an HOTP/TOTP code is computed with, named as `otpauth://` URIs spell it.
package enum OTPAlgorithm: String, Sendable, CaseIterable {
    /// What authenticator apps assume when a URI says nothing, so the only choice that works everywhere.
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: HMAC.sha1(key: key, message: message)
        case .sha256: HMAC.sha256(key: key, message: message)
        case .sha512: HMAC.sha512(key: key, message: message)
        }
    }
}
