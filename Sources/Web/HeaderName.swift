import HTTPServer

/// Case-insensitive comparison of a header field name with a name known at compile time.
///
/// `HTTPHeaders.namesMatch` is generic, and called from this module it runs unspecialized, looking up
/// type metadata for every byte pair; middleware that inspects every response needs a plain loop.
enum HeaderName {
    @inline(__always)
    static func matches(_ name: String, _ expected: StaticString) -> Bool {
        guard name.utf8.count == expected.utf8CodeUnitCount else { return false }
        return name.utf8.withContiguousStorageIfAvailable { bytes in
            let wanted = expected.utf8Start
            for index in 0..<bytes.count where bytes[index] != wanted[index] {
                let folded = bytes[index] | 0x20
                guard folded == wanted[index] | 0x20, folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else {
                    return false
                }
            }
            return true
        } ?? HTTPHeaders.namesMatch(name[...], expected.description[...])
    }
}
