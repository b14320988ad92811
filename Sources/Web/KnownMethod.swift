import HTTPServer

/// The standard methods as a small integer, decided once per request from the method's bytes.
///
/// Comparing `HTTPMethod`s compares strings, and every unequal comparison takes the standard library's
/// slow path; routing, HEAD fallback and metrics all ask "which method is this" several times per request.
enum KnownMethod: Int, CaseIterable, Sendable {
    case get, head, post, put, patch, delete, options
    /// Anything else: routed by string comparison, counted as `other` in metrics.
    case other

    init(_ method: HTTPMethod) {
        var raw = method.rawValue
        self = raw.withUTF8 { bytes in
            func equals(_ literal: StaticString) -> Bool {
                literal.utf8CodeUnitCount == bytes.count && memcmpEquals(literal.utf8Start, bytes.baseAddress!, bytes.count)
            }
            switch bytes.count {
            case 3: return equals("GET") ? .get : equals("PUT") ? .put : .other
            case 4: return equals("HEAD") ? .head : equals("POST") ? .post : .other
            case 5: return equals("PATCH") ? .patch : .other
            case 6: return equals("DELETE") ? .delete : .other
            case 7: return equals("OPTIONS") ? .options : .other
            default: return .other
            }
        }
    }

    var method: HTTPMethod? {
        switch self {
        case .get: .get
        case .head: .head
        case .post: .post
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        case .options: .options
        case .other: nil
        }
    }
}

@inline(__always)
private func memcmpEquals(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where a[index] != b[index] { return false }
    return true
}
