/// Time-based one-time passwords (RFC 6238), the codes authenticator apps show.
///
/// A code is the HOTP value of the current time step, `unixTime / period`. `verify` returns the step
/// it matched so the caller can store it and refuse that step and every earlier one afterwards: without
/// that, a code seen over a shoulder or phished stays valid for the whole window (RFC 6238 §5.2).
package enum TOTP {
    /// 160 bits, the HMAC-SHA1 output size RFC 4226 §4 recommends for the shared secret.
    package static let secretLength = 20

    /// A fresh shared secret for enrolment.
    package static func newSecret() -> [UInt8] {
        SecureRandom.bytes(secretLength)
    }

    /// The time step containing `unixTime`.
    package static func step(at unixTime: Int, period: Int = 30) -> Int {
        precondition(period > 0, "TOTP period must be positive")
        precondition(unixTime >= 0, "TOTP time before 1970")
        return unixTime / period
    }

    /// The code an authenticator shows at `unixTime`.
    package static func code(
        secret: [UInt8], at unixTime: Int, digits: Int = 6, period: Int = 30, algorithm: OTPAlgorithm = .sha1
    ) -> String {
        HOTP.code(secret: secret, counter: UInt64(step(at: unixTime, period: period)), digits: digits, algorithm: algorithm)
    }

    /// The time step whose code is `code`, searching `window` steps either side of `unixTime` to allow
    /// for clock drift, or nil if none matches or `code` is not exactly `digits` ASCII digits.
    ///
    /// Every candidate is compared in constant time and the search never stops early. If two steps
    /// share the code, the later one is returned, so a replay check on it refuses the most.
    package static func verify(
        _ code: String, secret: [UInt8], at unixTime: Int, window: Int = 1, digits: Int = 6, period: Int = 30,
        algorithm: OTPAlgorithm = .sha1
    ) -> Int? {
        precondition((0...10).contains(window), "TOTP window must be 0 to 10 steps")
        precondition(HOTP.supportedDigits.contains(digits), "TOTP supports 6 to 8 digits")
        let submitted = Array(code.utf8)
        guard submitted.count == digits, submitted.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let current = step(at: unixTime, period: period)
        var matched: Int?
        for candidate in max(0, current - window)...(current + window) {
            let expected = HOTP.code(secret: secret, counter: UInt64(candidate), digits: digits, algorithm: algorithm)
            if ConstantTime.equals(Array(expected.utf8), submitted) {
                matched = candidate
            }
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app enrols from, usually shown as a QR code.
    ///
    /// The issuer appears both as the label's prefix and as a parameter, as Google's Key URI format
    /// asks, so apps that read either show it. The URI contains the secret: never log it.
    package static func provisioningURI(
        secret: [UInt8], account: String, issuer: String, digits: Int = 6, period: Int = 30,
        algorithm: OTPAlgorithm = .sha1
    ) -> String {
        precondition(HOTP.supportedDigits.contains(digits) && period > 0, "TOTP: unsupported digits or period")
        let encodedIssuer = PercentEncoding.encode(issuer)
        let label = encodedIssuer + ":" + PercentEncoding.encode(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(encodedIssuer)"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }
}
