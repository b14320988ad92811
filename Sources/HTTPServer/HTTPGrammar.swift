import Glibc

/// Character classes and small byte-level helpers from RFC 9110 §5.6, shared by the request parsers.
///
/// Everything here works on raw bytes so that the parsers never build a `String` just to look at it.
package enum HTTPGrammar {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")

    /// `tchar` (RFC 9110 §5.6.2): the bytes of methods, field names and transfer-coding names.
    @inline(__always)
    package static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `VCHAR` (RFC 5234 B.1): visible US-ASCII, the only bytes a request-target may hold.
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    /// A byte allowed inside `field-value` (RFC 9110 §5.5): VCHAR, obs-text, SP or HTAB.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte != 0x7F) || byte == tab }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte &- UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte &- UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// Whether `bytes` spell `expected` exactly (methods are case-sensitive, RFC 9110 §9.1).
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ expected: StaticString) -> Bool {
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        return bytes.count == 0 || memcmp(bytes.baseAddress!, expected.utf8Start, bytes.count) == 0
    }

    /// Whether `bytes` spell `lowercase` ignoring ASCII case; `lowercase` must be lowercase ASCII.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected[index] { return false }
        }
        return true
    }

    /// `bytes` without leading and trailing SP/HTAB (optional whitespace, RFC 9110 §5.6.3).
    @inline(__always)
    static func trimmingWhitespace(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Calls `body` with each element of a comma-separated list (RFC 9110 §5.6.1), whitespace trimmed.
    /// Stops early and returns what `body` returned when that is non-nil.
    @inline(__always)
    static func forEachListElement<Result>(
        in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result?
    ) -> Result? {
        var elementStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == comma {
            let element = trimmingWhitespace(UnsafeRawBufferPointer(rebasing: bytes[elementStart..<index]))
            if let result = body(element) { return result }
            elementStart = index + 1
        }
        return nil
    }

    /// `uri-host [ ":" port ]` (RFC 3986 §3.2.2–§3.2.3) with a non-empty host and no userinfo: the shape of
    /// a `Host` value (RFC 9110 §7.2), of an absolute-form authority, and, with the port required, of an
    /// authority-form target (RFC 9112 §3.2.3).
    static func isValidAuthority(_ value: UnsafeRawBufferPointer, requiringPort: Bool) -> Bool {
        let count = value.count
        var index = 0
        if count > 0, value[0] == UInt8(ascii: "[") {
            // IP-literal: the bytes of an IPv6 address, possibly with an embedded IPv4 tail.
            index = 1
            while index < count, value[index] != UInt8(ascii: "]") {
                let byte = value[index]
                guard hexValue(byte) != nil || byte == colon || byte == UInt8(ascii: ".") else { return false }
                index += 1
            }
            guard index < count, index > 1 else { return false }
            index += 1
        } else {
            while index < count, value[index] != colon {
                if value[index] == UInt8(ascii: "%") {
                    guard index + 2 < count, hexValue(value[index + 1]) != nil, hexValue(value[index + 2]) != nil
                    else { return false }
                    index += 3
                } else {
                    guard isRegisteredNameByte(value[index]) else { return false }
                    index += 1
                }
            }
            guard index > 0 else { return false }
        }
        guard index < count else { return !requiringPort }
        guard value[index] == colon else { return false }
        index += 1
        if requiringPort && index == count { return false }
        while index < count {
            guard isDigit(value[index]) else { return false }
            index += 1
        }
        return true
    }

    /// `unreserved / sub-delims` (RFC 3986 §2.2–§2.3): a reg-name's bytes besides pct-encoded ones.
    private static func isRegisteredNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
}
