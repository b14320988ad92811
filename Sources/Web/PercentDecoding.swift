/// Percent-decoding (RFC 3986 §2.1) shared by paths, queries and form bodies.
///
/// Decoding is strict: a `%` not followed by two hex digits, or bytes that are not UTF-8 once decoded,
/// are errors rather than being passed through or replaced, so every layer above sees the same text
/// a browser meant to send or a clear 400.
package enum PercentDecoding {
    enum Failure: Error {
        case invalidEscape
        case invalidUTF8
    }

    /// Decodes `%XX` escapes, and `+` as a space when `plusAsSpace` (form encoding, not paths).
    static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool) throws(Failure) -> String {
        let needsDecoding = bytes.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
        guard needsDecoding else {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
            return text
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalidEscape
                }
                decoded.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                decoded.append(UInt8(ascii: " "))
            default:
                decoded.append(byte)
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

extension PercentDecoding {
    /// A request target as a person reads it (`filter=userName eq "x"`): decoded where it is valid
    /// percent-encoding, as it was sent where it is not.
    package static func readable(_ target: String) -> String {
        (try? decode(target.utf8, plusAsSpace: false)) ?? target
    }
}
