/// The parts of a request URL that SigV4 signs: the `Host` value, the path and the query.
///
/// Not a general URL parser: it splits `scheme://authority/path?query#fragment` and leaves decoding to the canonical
/// forms. The port is kept in the host unless it is the scheme's default, which is what curl sends as `Host`.
struct SigV4URL {
    var host: String
    var path: String
    var query: String

    init(_ url: String) {
        var rest = Substring(url)
        var scheme = ""
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let defaultPort = scheme == "http" ? ":80" : scheme == "https" ? ":443" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) { authority = authority.dropLast(defaultPort.count) }
        host = authority.lowercased()
        let pathAndQuery = rest[authorityEnd...]
        if let question = pathAndQuery.firstIndex(of: "?") {
            path = String(pathAndQuery[..<question])
            query = String(pathAndQuery[pathAndQuery.index(after: question)...])
        } else {
            path = String(pathAndQuery)
            query = ""
        }
        if path.isEmpty { path = "/" }
    }
}
