/// One-time MFA recovery codes such as `k7wq-3mzp-hx9d`, for a user who has lost their authenticator.
///
/// The 30-symbol alphabet leaves out `0 o 1 i l u` so a code copied from paper reads one way; twelve
/// symbols give about 59 bits. Codes are meant to be typed, so `normalized(_:)` accepts any case,
/// spaces and dashes and returns the canonical spelling; compare and hash that, never the raw input.
package enum RecoveryCode {
    private static let alphabet = Array("23456789abcdefghjkmnpqrstvwxyz".utf8)
    private static let groupLength = 4
    private static let groupCount = 3
    private static let symbolCount = groupLength * groupCount

    /// `count` distinct codes in canonical form.
    package static func generate(count: Int = 10) -> [String] {
        precondition(count >= 0, "RecoveryCode.generate: negative count")
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            let code = format(randomSymbols())
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// The canonical `xxxx-xxxx-xxxx` form of `input`, or nil if it is not a recovery code.
    package static func normalized(_ input: String) -> String? {
        var symbols: [UInt8] = []
        for byte in input.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            guard alphabet.contains(lowered), symbols.count < symbolCount else { return nil }
            symbols.append(lowered)
        }
        return symbols.count == symbolCount ? format(symbols) : nil
    }

    /// Uniform symbols by rejection sampling: 240 is the largest multiple of 30 that fits in a byte.
    private static func randomSymbols() -> [UInt8] {
        let limit = UInt8(256 / alphabet.count * alphabet.count)
        var symbols: [UInt8] = []
        while symbols.count < symbolCount {
            for byte in SecureRandom.bytes(symbolCount) where byte < limit && symbols.count < symbolCount {
                symbols.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return symbols
    }

    private static func format(_ symbols: [UInt8]) -> String {
        let groups = stride(from: 0, to: symbols.count, by: groupLength).map {
            String(decoding: symbols[$0..<$0 + groupLength], as: UTF8.self)
        }
        return groups.joined(separator: "-")
    }
}
