/// Strong entity tags for static files, and `If-None-Match` evaluation (RFC 9110 §8.8.3, §13.1.2).
enum EntityTag {
    /// The quoted 64-bit FNV-1a of the content, e.g. `"cbf29ce484222325"`: cheap, stable across restarts
    /// and machines, and only ever compared with itself, so collision resistance is not needed.
    struct Hasher {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func combine(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }

        var tag: String { "\"" + Hex.string(value) + "\"" }
    }

    /// Whether an `If-None-Match` value matches `tag`: `*`, or any listed tag by weak comparison (a `W/`
    /// prefix is ignored on both sides). A malformed list stops matching where it breaks, so at worst
    /// the full response is sent.
    static func ifNoneMatch(_ header: String, matches tag: String) -> Bool {
        let tagBytes = tag.utf8.starts(with: "W/".utf8) ? tag.utf8.dropFirst(2) : tag.utf8[...]
        var rest = header.utf8[...]
        while true {
            rest = rest.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",") }
            guard let first = rest.first else { return false }
            if first == UInt8(ascii: "*") { return true }
            if rest.starts(with: "W/".utf8) { rest = rest.dropFirst(2) }
            guard rest.first == UInt8(ascii: "\""),
                let closing = rest.dropFirst().firstIndex(of: UInt8(ascii: "\""))
            else { return false }
            let candidate = rest[...closing]
            if candidate.elementsEqual(tagBytes) { return true }
            rest = rest[rest.index(after: closing)...]
        }
    }
}
