/// Raw DEFLATE (RFC 1951) made only of stored blocks, for SAML's HTTP-Redirect binding.
///
/// The binding requires DEFLATE, and Portico links no zlib. A stored block (BTYPE 00) is the
/// uncompressed form every inflater must accept: a header byte, the length and its complement, the
/// bytes. An `AuthnRequest` is under a kilobyte, so compressing it would save a few hundred characters
/// of URL and nothing else; identity providers inflate it the same either way.
enum StoredDeflate {
    /// The most a stored block can hold: its length is 16 bits (RFC 1951 §3.2.4).
    static let maximumBlockLength = 65_535

    /// `bytes` as a complete raw DEFLATE stream, the last block marked final (an empty input is one
    /// empty final block).
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 5 * (bytes.count / maximumBlockLength + 1))
        var start = 0
        repeat {
            let end = min(start + maximumBlockLength, bytes.count)
            let length = UInt16(end - start)
            // BFINAL in the lowest bit, BTYPE 00 in the next two; a stored block then skips to the byte
            // boundary, so the header takes the whole byte.
            output.append(end == bytes.count ? 1 : 0)
            output.append(UInt8(truncatingIfNeeded: length))
            output.append(UInt8(truncatingIfNeeded: length >> 8))
            output.append(UInt8(truncatingIfNeeded: ~length))
            output.append(UInt8(truncatingIfNeeded: ~length >> 8))
            output.append(contentsOf: bytes[start..<end])
            start = end
        } while start < bytes.count
        return output
    }
}
