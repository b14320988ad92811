/// How a request's content is delimited (RFC 9112 §6.3).
package enum HTTPBodyFraming: Hashable, Sendable {
    case none
    case contentLength(Int)
    case chunked
}

/// The request line and header section of one request, as parsed (RFC 9112 §3, §5).
///
/// `target` is the raw request-target: percent-decoding and path normalization are the router's job,
/// because only it knows where segment boundaries matter.
package struct HTTPRequestHead: Sendable {
    package var method: HTTPMethod
    package var target: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    /// Derived by the parser from `Content-Length` / `Transfer-Encoding`.
    package var framing: HTTPBodyFraming
    /// Whether the connection may stay open after this exchange (version default and `Connection`).
    package var keepAlive: Bool
    /// `Expect: 100-continue` was sent: the client waits for an interim response before the body.
    package var expectsContinue: Bool

    package init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        framing: HTTPBodyFraming = .none, keepAlive: Bool = true, expectsContinue: Bool = false
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// The path part of the target, still percent-encoded; for absolute-form targets the scheme and authority are dropped.
    package var path: Substring {
        let pathAndQuery = originForm
        guard let questionMark = pathAndQuery.firstIndex(of: "?") else { return pathAndQuery }
        return pathAndQuery[..<questionMark]
    }

    /// The query after `?`, still percent-encoded, or nil when there is none.
    package var query: Substring? {
        let pathAndQuery = originForm
        guard let questionMark = pathAndQuery.firstIndex(of: "?") else { return nil }
        return pathAndQuery[pathAndQuery.index(after: questionMark)...]
    }

    /// The target as origin-form (`/path?query`): absolute-form (`http://host/path?q`) is reduced to it.
    package var originForm: Substring {
        let whole = target[...]
        guard !whole.hasPrefix("/"), let authorityStart = Self.authorityStart(in: whole) else { return whole }
        let afterAuthority = whole[authorityStart...]
        guard let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let rest = afterAuthority[slash...]
        return rest.hasPrefix("?") ? Substring("/" + rest) : rest
    }

    /// Where the authority of an absolute-form target (`scheme://authority/...`) begins.
    private static func authorityStart(in target: Substring) -> Substring.Index? {
        guard let colon = target.firstIndex(of: ":") else { return nil }
        let afterColon = target[target.index(after: colon)...]
        guard afterColon.hasPrefix("//") else { return nil }
        return afterColon.index(afterColon.startIndex, offsetBy: 2)
    }
}
