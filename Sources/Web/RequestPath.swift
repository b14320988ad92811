import HTTPServer

/// Splits a raw request path into segments the router can match, refusing what must never reach a handler.
///
/// The path is split on `/` *before* each segment is percent-decoded, so an encoded `%2F` stays inside
/// its segment instead of inventing a new one. A segment that is `.` or `..` once decoded (`/../`,
/// `/%2e%2e/`, `/.%2E/`) is refused outright rather than normalized: no route of ours contains one, and
/// resolving them is how file servers get tricked into leaving their directory (RFC 3986 §5.2.4).
enum RequestPath {
    enum Failure: Error {
        case notOriginForm
        case dotSegment
        case invalidEscape
        case invalidUTF8
        case nulByte

        var message: String {
            switch self {
            case .notOriginForm: "The request path must start with a slash."
            case .dotSegment: "The request path contains a '.' or '..' segment."
            case .invalidEscape: "The request path contains a malformed percent-escape."
            case .invalidUTF8: "The request path is not valid UTF-8."
            case .nulByte: "The request path contains a NUL byte."
            }
        }
    }

    /// The target's path without its query, still encoded.
    ///
    /// Origin-form targets (`/path?query`, nearly all of them) are sliced by bytes here;
    /// `HTTPRequestHead.path` handles the absolute form too but walks characters, which is measurably
    /// slower on a path that runs for every request.
    static func path(of head: HTTPRequestHead) -> Substring {
        let target = head.target
        guard target.utf8.first == UInt8(ascii: "/") else { return head.path }
        guard let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target[...] }
        return target[..<questionMark]
    }

    /// Whether a path has escapes to decode.
    enum Encoding {
        /// No `%`: the raw segments are the decoded ones, so static routes are found with one dictionary
        /// lookup and no allocation.
        case plain
        case escaped
    }

    /// Checks a raw path in one pass, before any decoding.
    static func check(_ path: Substring) throws(Failure) -> Encoding {
        let result: Result<Encoding, Failure> = PathKey.withBytes(path) { bytes in
            guard bytes.first == UInt8(ascii: "/") else { return .failure(.notOriginForm) }
            var hasEscapes = false
            var segmentLength = 0
            var dots = 0
            for index in 1..<bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "/"):
                    if segmentLength == dots, dots == 1 || dots == 2 { return .failure(.dotSegment) }
                    segmentLength = 0
                    dots = 0
                    continue
                case UInt8(ascii: "."): dots += 1
                case UInt8(ascii: "%"): hasEscapes = true
                case 0: return .failure(.nulByte)
                default: break
                }
                segmentLength += 1
            }
            if segmentLength == dots, dots == 1 || dots == 2 { return .failure(.dotSegment) }
            return .success(hasEscapes ? .escaped : .plain)
        }
        return try result.get()
    }

    /// The segments after the leading `/`, still encoded; `/` is one empty segment, `//a` two.
    static func rawSegments(_ path: Substring) -> [Substring] {
        var segments: [Substring] = []
        segments.reserveCapacity(8)
        let utf8 = path.utf8
        var start = utf8.index(after: utf8.startIndex)
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                segments.append(path[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        segments.append(path[start..<utf8.endIndex])
        return segments
    }

    /// The segments after the leading `/`, each decoded on its own.
    static func decodedSegments(_ path: Substring) throws(Failure) -> [Substring] {
        var segments: [Substring] = []
        for raw in rawSegments(path) {
            let segment: String
            do {
                segment = try PercentDecoding.decode(raw.utf8, plusAsSpace: false)
            } catch {
                switch error {
                case .invalidEscape: throw .invalidEscape
                case .invalidUTF8: throw .invalidUTF8
                }
            }
            if segment == "." || segment == ".." { throw .dotSegment }
            if segment.utf8.contains(0) { throw .nulByte }
            segments.append(segment[...])
        }
        return segments
    }
}
