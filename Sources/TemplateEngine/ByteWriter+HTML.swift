import Bytes

extension ByteWriter {
    /// Bit `n` is set when byte `n` must be escaped: `"` (34), `&` (38), `'` (39), `<` (60), `>` (62).
    /// All five are below 64, so one shift and mask classifies a byte.
    private static let unsafeBytes: UInt64 = 1 << 34 | 1 << 38 | 1 << 39 | 1 << 60 | 1 << 62

    /// Appends `string` with `& < > " '` replaced by entities. Runs of safe bytes are copied
    /// with one append each, so text without special characters costs a single copy.
    mutating func appendEscaped(_ string: borrowing String) {
        if string.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var contiguous = copy string
            contiguous.withUTF8 { appendEscaped($0) }
        }
    }

    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = Self.firstWordNeedingEscape(in: bytes)
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 64, Self.unsafeBytes & (1 << UInt64(byte)) != 0 {
                append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case UInt8(ascii: "&"): append("&amp;")
                case UInt8(ascii: "<"): append("&lt;")
                case UInt8(ascii: ">"): append("&gt;")
                case UInt8(ascii: "\""): append("&quot;")
                default: append("&#39;")
                }
                runStart = index + 1
            }
            index += 1
        }
        append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Where byte-by-byte escaping has to start: the first 8-byte word holding a byte to
    /// escape, or the last few bytes that do not fill a word. Most values (names, ids,
    /// emails) need no escaping, and testing a word at a time lets them through as one copy.
    private static func firstWordNeedingEscape(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if mayNeedEscape(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return offset }
            offset += 8
        }
        return offset
    }

    /// Whether any byte of `word` is `"`, `&`, `'`, `<` or `>`, tested without branching per
    /// byte. `hasZeroByte` is the classic exact test for a zero byte; setting bit 0 folds
    /// `&` (0x26) onto `'` (0x27), and setting bit 1 folds `<` (0x3C) onto `>` (0x3E).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func hasZeroByte(_ value: UInt64) -> UInt64 {
            (value &- ones) & ~value & (ones &* 0x80)
        }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let ampersandOrApostrophe = hasZeroByte((word | ones) ^ (ones &* 0x27))
        let angleBracket = hasZeroByte((word | (ones &* 0x02)) ^ (ones &* 0x3E))
        return quote | ampersandOrApostrophe | angleBracket != 0
    }

    /// Appends `string` as it is: only for triple mustaches and trusted HTML.
    mutating func appendRaw(_ string: borrowing String) {
        if string.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var contiguous = copy string
            contiguous.withUTF8 { append($0) }
        }
    }
}
