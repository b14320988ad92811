import Glibc

/// A path or path segment as a dictionary key, hashed and compared as bytes.
///
/// `String` keys hash and compare by Unicode canonical equivalence, which costs far more than the
/// byte comparison routing needs (a path is matched as sent, never normalized). FNV-1a over the bytes is
/// computed once per key; the dictionary then mixes only those eight bytes.
struct PathKey: Hashable, Sendable {
    let text: Substring
    private let fingerprint: UInt64

    init(_ text: Substring) {
        self.text = text
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        Self.withBytes(text) { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        fingerprint = hash
    }

    static func == (lhs: PathKey, rhs: PathKey) -> Bool {
        guard lhs.fingerprint == rhs.fingerprint, lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        return withBytes(lhs.text) { left in
            withBytes(rhs.text) { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }

    /// The bytes of `text`, without copying when its storage is contiguous (always, for native strings).
    static func withBytes<Result>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = String(text)
        return copy.withUTF8(body)
    }
}
