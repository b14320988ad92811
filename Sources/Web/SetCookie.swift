import HTTPServer

/// A `Set-Cookie` header value with its attributes (RFC 6265 §4.1, and `SameSite` from RFC 6265bis).
///
/// Names and values are checked when the cookie is made, not when it is sent: a cookie that would be
/// split or misread by a browser is a bug to find at once, never a header to emit.
package struct SetCookie: Sendable, Equatable {
    package enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
    }

    /// Why a cookie could not be made.
    package struct InvalidCookie: Error, CustomStringConvertible {
        package let description: String
    }

    package let name: String
    package let value: String
    package let maxAge: Int?
    /// Seconds since the Unix epoch.
    package let expires: Int?
    package let domain: String?
    package let path: String?
    package let secure: Bool
    package let httpOnly: Bool
    package let sameSite: SameSite?

    package init(
        name: String, value: String, maxAge: Int? = nil, expires: Int? = nil, domain: String? = nil,
        path: String? = "/", secure: Bool = false, httpOnly: Bool = true, sameSite: SameSite? = .lax
    ) throws(InvalidCookie) {
        guard !name.isEmpty, name.utf8.allSatisfy(HTTPGrammar.isTokenByte) else {
            throw InvalidCookie(description: "cookie name \(name.debugDescription) is not an RFC 9110 token")
        }
        guard Self.isValidValue(value) else {
            throw InvalidCookie(description: "cookie \(name) has a value with characters outside RFC 6265 cookie-octet")
        }
        for (attribute, text) in [("Domain", domain), ("Path", path)] {
            guard let text else { continue }
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) else {
                throw InvalidCookie(description: "cookie \(name) has an invalid \(attribute) \(text.debugDescription)")
            }
        }
        if sameSite == SameSite.none && !secure {
            throw InvalidCookie(description: "cookie \(name) has SameSite=None without Secure, which browsers reject")
        }
        self.name = name
        self.value = value
        self.maxAge = maxAge
        self.expires = expires
        self.domain = domain
        self.path = path
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// A cookie that tells the browser to delete `name` at once; path and domain must match the original.
    package static func expired(name: String, path: String? = "/", domain: String? = nil) throws(InvalidCookie) -> SetCookie {
        try SetCookie(name: name, value: "", maxAge: 0, expires: 0, domain: domain, path: path)
    }

    /// The header value, e.g. `session=abc; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax`.
    package var headerValue: String {
        var text = "\(name)=\(value)"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if let expires { text += "; Expires=\(HTTPDate.format(epochSeconds: expires))" }
        if let domain { text += "; Domain=\(domain)" }
        if let path { text += "; Path=\(path)" }
        if secure { text += "; Secure" }
        if httpOnly { text += "; HttpOnly" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }

    /// RFC 6265 §4.1.1 cookie-value: cookie-octets, optionally inside one pair of double quotes.
    private static func isValidValue(_ value: String) -> Bool {
        var octets = value.utf8[...]
        if octets.count >= 2, octets.first == UInt8(ascii: "\""), octets.last == UInt8(ascii: "\"") {
            octets = octets.dropFirst().dropLast()
        }
        return octets.allSatisfy { byte in
            byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte) || (0x3C...0x5B).contains(byte)
                || (0x5D...0x7E).contains(byte)
        }
    }
}
