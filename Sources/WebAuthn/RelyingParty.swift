/// Portico as a WebAuthn relying party: the id that credentials are scoped to and the origin browsers report,
/// both derived from the base URL.
///
/// Browsers refuse an IP address as a relying-party id (WebAuthn Level 3 §5.1.3 takes a registrable domain,
/// and an IP literal has none), and allow plain http only for `localhost`. So a base URL of
/// `http://127.0.0.1:8080` will not work with WebAuthn: use `http://localhost:8080`, or a name. The value
/// still builds for such URLs, with `supportsWebAuthn` false, so the app can say why instead of failing later.
package struct RelyingParty: Sendable, Hashable {
    /// The relying-party id: the base URL's host, lowercased, without port.
    package let id: String
    /// `scheme://host[:port]` exactly as a browser puts it in clientDataJSON, the default port left out.
    package let origin: String
    /// The name security keys show when creating a credential.
    package let name: String

    /// Why a base URL cannot give a relying party.
    package struct InvalidBaseURL: Error, Hashable, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// Reads `baseURL` (`http` or `https`, with a host).
    package init(baseURL: String, name: String = "Portico") throws(InvalidBaseURL) {
        let lowered = baseURL.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https"
        } else if lowered.hasPrefix("http://") {
            scheme = "http"
        } else {
            throw InvalidBaseURL(description: "\(baseURL): only http and https base URLs can be a WebAuthn relying party")
        }
        let afterScheme = lowered.dropFirst(scheme.count + 3)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { throw InvalidBaseURL(description: "\(baseURL): a base URL with user information") }
        let host: Substring
        let port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw InvalidBaseURL(description: "\(baseURL): an unclosed IPv6 address")
            }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { throw InvalidBaseURL(description: "\(baseURL): text after the IPv6 address") }
            port = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
            port = nil
        }
        guard !host.isEmpty else { throw InvalidBaseURL(description: "\(baseURL): no host") }
        var origin = "\(scheme)://\(host)"
        if let port, !port.isEmpty {
            guard port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), let number = Int(port), number <= 65535 else {
                throw InvalidBaseURL(description: "\(baseURL): the port \(port) is not a number up to 65535")
            }
            if number != (scheme == "https" ? 443 : 80) { origin += ":\(number)" }
        }
        id = String(host)
        self.origin = origin
        self.name = name
    }

    /// False when the host is an IP address, which browsers refuse as a relying-party id.
    package var supportsWebAuthn: Bool {
        if id.hasPrefix("[") { return false }
        let labels = id.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = labels.count == 4 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return !isIPv4
    }
}
