import Crypto

/// SAML 2.0's HTTP-POST binding (Bindings §3.5): the signed Response travels base64-encoded in the
/// `SAMLResponse` field of a form the browser posts to the service provider, with `RelayState` beside it.
package enum SAMLPostBinding {
    /// The value of the `SAMLResponse` field for `signedResponse`.
    package static func encode(_ signedResponse: String) -> String {
        PaddedBase64.encode(Array(signedResponse.utf8))
    }

    /// The bytes of a posted `SAMLResponse` field, or nil if it is not base64.
    ///
    /// Forgiving where identity providers differ and nothing can hide: whitespace anywhere is skipped
    /// (some wrap at 76 columns), and the `=` padding may be missing. Any other character, padding in the
    /// middle or more than two `=` make it nil.
    package static func decode(_ field: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(field.utf8.count / 4 * 3)
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        var symbols = 0
        for character in field.utf8 {
            switch character {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "="):
                padding += 1
                guard padding <= 2 else { return nil }
                continue
            default:
                guard padding == 0, let value = sextet(character) else { return nil }
                symbols += 1
                buffer = (buffer << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                }
            }
        }
        // A lone symbol in the last group carries fewer than eight bits: no byte ends there.
        guard symbols % 4 != 1, padding == 0 || (symbols + padding) % 4 == 0 else { return nil }
        return output
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
