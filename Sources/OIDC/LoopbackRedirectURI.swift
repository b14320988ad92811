import Crypto

/// A redirect URI on the user's own machine, the only kind a native client such as the AWS CLI has.
///
/// RFC 8252 §7.3: a native app receives the authorization code on a loopback IP literal with a port it
/// picks at request time, so the port may differ from the registered one and everything else must match.
/// The AWS CLI registers `http://127.0.0.1/oauth/callback` and then sends `http://127.0.0.1:34535/oauth/callback`
/// (aws-cli v2 `awscli/customizations/sso/utils.py`). `localhost` is refused, as §8.3 advises: a name can
/// resolve elsewhere, and the CLI never uses it. No userinfo and no fragment (RFC 6749 §3.1.2); a query is
/// kept and must match too, since RFC 6749 §3.1.2.2 compares whole URIs where RFC 8252 relaxes only the port.
package struct LoopbackRedirectURI: Hashable, Sendable, CustomStringConvertible {
    /// The two loopback literals RFC 8252 §7.3 names.
    package enum Host: String, Hashable, Sendable {
        case ipv4 = "127.0.0.1"
        case ipv6 = "[::1]"
    }

    package static let maximumLength = 2048

    package let host: Host
    package let port: Int?
    /// Starts with `/`; compared as it is, without normalising dot segments or percent escapes.
    package let path: String
    /// The text after `?`, without it; nil when there is no `?`.
    package let query: String?

    /// Parses `text`, or returns nil if it is not an `http` URI on a loopback literal with a path.
    package init?(_ text: String) {
        guard text.utf8.count <= Self.maximumLength, text.utf8.allSatisfy(Self.isURICharacter) else { return nil }
        guard text.utf8.count > 7, text.prefix(7).lowercased() == "http://" else { return nil }
        var rest = Substring(text.dropFirst(7))
        guard !rest.contains("#") else { return nil }
        let query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        } else {
            query = nil
        }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let authority = rest[..<slash]
        let path = String(rest[slash...])
        guard !authority.contains("@") else { return nil }
        var hostText = authority
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let digits = authority[authority.index(after: colon)...]
            guard (1...5).contains(digits.count), digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let number = Int(digits),
                (1...65535).contains(number)
            else { return nil }
            port = number
            hostText = authority[..<colon]
        }
        guard let host = Host(rawValue: String(hostText)) else { return nil }
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    /// The URI as text: `http://127.0.0.1:34535/oauth/callback`.
    package var description: String {
        origin + path + (query.map { "?" + $0 } ?? "")
    }

    /// `http://127.0.0.1:43210`: what a content security policy names to allow the redirect.
    package var origin: String {
        "http://" + host.rawValue + (port.map { ":\($0)" } ?? "")
    }

    /// Whether a request may use this URI for a client that registered `registered`: the same host, path and
    /// query, on any port (RFC 8252 §7.3).
    package func matches(registered: LoopbackRedirectURI) -> Bool {
        host == registered.host && path == registered.path && query == registered.query
    }

    /// Where to send the browser with an authorization code (RFC 6749 §4.1.2).
    package func redirect(code: String, state: String) -> String {
        appending([("code", code), ("state", state)])
    }

    /// Where to send the browser with a refusal (RFC 6749 §4.1.2.1); `state` is left out when the request had none.
    package func redirect(error: String, description: String, state: String?) -> String {
        appending([("error", error), ("error_description", description)] + (state.map { [("state", $0)] } ?? []))
    }

    private func appending(_ parameters: [(String, String)]) -> String {
        let added = parameters.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        let separator = query.map { $0.isEmpty ? "" : "&" } ?? "?"
        return description + separator + added
    }

    /// RFC 3986's unreserved, reserved and `%` characters: nothing that needs escaping, no space or control.
    private static func isURICharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: Array("-._~:/?#[]@!$&'()*+,;=%".utf8).contains(byte)
        }
    }
}
