import Crypto

/// The code a user types on the device-approval page, such as `RHHX-BCTS` (RFC 8628 §6.1).
///
/// Twenty consonants, no vowels (so no words) and no digits or letters that look alike, in upper case:
/// eight of them give about 34.5 bits, plenty against guessing when the device code expires in minutes
/// and failed attempts are limited. People retype codes from another screen, so `init(typed:)` takes any
/// case, spaces and hyphens; store and compare `normalized`, show `display`.
package struct UserCode: Hashable, Sendable, CustomStringConvertible {
    package static let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ".utf8)
    package static let length = 8

    /// The eight symbols without separator: `RHHXBCTS`.
    package let normalized: String

    /// What the user typed, or nil if it is not eight symbols of the alphabet once spaces and hyphens are gone.
    package init?(typed input: String) {
        var symbols: [UInt8] = []
        for byte in input.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
            let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
            guard Self.alphabet.contains(upper), symbols.count < Self.length else { return nil }
            symbols.append(upper)
        }
        guard symbols.count == Self.length else { return nil }
        normalized = String(decoding: symbols, as: UTF8.self)
    }

    /// `XXXX-XXXX`, as AWS shows it and as `verificationUriComplete` carries it.
    package var display: String { normalized.prefix(4) + "-" + normalized.suffix(4) }

    package var description: String { display }

    /// A fresh code from the system's cryptographic generator.
    package static func generate() -> UserCode {
        var random = SecureRandomGenerator()
        return generate(using: &random)
    }

    /// A code drawn uniformly from `random` (`Int.random(in:using:)` rejects the biased values).
    package static func generate(using random: inout some RandomNumberGenerator) -> UserCode {
        let symbols = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
        // Eight symbols of the alphabet always parse.
        return UserCode(typed: String(decoding: symbols, as: UTF8.self))!
    }
}

/// `RandomNumberGenerator` over `SecureRandom`, so codes come from the same generator as every other secret.
private struct SecureRandomGenerator: RandomNumberGenerator {
    mutating func next() -> UInt64 {
        SecureRandom.bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
