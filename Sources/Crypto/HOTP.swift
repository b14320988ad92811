/// Counter-based one-time passwords (RFC 4226), the computation underneath TOTP.
package enum HOTP {
    /// The digit counts authenticator apps display; RFC 4226 §5.3 requires at least six.
    package static let supportedDigits = 6...8

    /// The `digits`-long decimal code for `counter`, zero-padded on the left.
    package static func code(secret: [UInt8], counter: UInt64, digits: Int = 6, algorithm: OTPAlgorithm = .sha1) -> String {
        precondition(supportedDigits.contains(digits), "HOTP supports 6 to 8 digits")
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = algorithm.authenticate(key: secret, message: message)
        // Dynamic truncation (RFC 4226 §5.3): 31 bits from an offset chosen by the MAC's last nibble.
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }
}
