/// The canonical forms of a request's path, query and header fields (AWS's "Create a canonical request").
extension SigV4Signer {
    /// The path normalised (empty, `.` and `..` segments resolved as RFC 3986 §5.2.4 does, a trailing slash kept),
    /// then each segment percent-decoded and encoded once, as AWS does for every service but S3. Decoding first means
    /// `/a b` and `/a%20b` sign alike.
    package static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts {
            switch part {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(part)
            }
        }
        if segments.isEmpty { return "/" }
        let lastIsDirectory = path.hasSuffix("/") || parts.last == "." || parts.last == ".."
        let joined = segments.map { uriEncode(URLDecoding.bytes($0)) }.joined(separator: "/")
        return "/" + joined + (lastIsDirectory ? "/" : "")
    }

    /// Parameters decoded, encoded with RFC 3986's unreserved set, sorted by name then value, joined with `&`;
    /// a parameter without `=` has an empty value.
    package static func canonicalQuery(_ query: String) -> String {
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { parameter -> (String, String) in
            let halves = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = halves.count > 1 ? halves[1] : ""
            return (uriEncode(URLDecoding.bytes(halves[0])), uriEncode(URLDecoding.bytes(value)))
        }
        return pairs.sorted { left, right in
            left.0 != right.0
                ? Array(left.0.utf8).lexicographicallyPrecedes(right.0.utf8) : Array(left.1.utf8).lexicographicallyPrecedes(right.1.utf8)
        }
        .map { "\($0.0)=\($0.1)" }
        .joined(separator: "&")
    }

    /// Names lowercased and sorted, values trimmed with runs of spaces collapsed, repeated names joined with commas
    /// in the order given; and the `;`-separated list of the names signed.
    package static func canonicalHeaders(_ fields: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var values: [String: [String]] = [:]
        for field in fields {
            values[field.name.lowercased(), default: []].append(collapseSpaces(field.value))
        }
        let names = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    private static func collapseSpaces(_ value: String) -> String {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 encoding with upper-case hex, leaving only `A-Z a-z 0-9 - . _ ~`.
    private static func uriEncode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
