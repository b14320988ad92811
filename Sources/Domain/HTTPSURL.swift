/// An absolute `https` URL, parsed strictly enough that Portico and every browser agree on its host.
///
/// URLs reach Portico from shortcut links anyone can craft, and the host decides where a signed-in
/// person ends up, so the parser refuses rather than repairs anything that browsers are known to read
/// differently from a naive split: backslashes (read as `/`), tabs and newlines (silently dropped),
/// userinfo (`https://allowed@evil`), percent-escapes or a trailing dot in the host, a port other than
/// 443, non-ASCII (homoglyph hosts). The parsed URL is then written out again from its parts (`text`),
/// so what Portico checked is exactly what it passes on.
package struct HTTPSURL: Hashable, Sendable, CustomStringConvertible {
    /// Longer than any console URL needs; AWS's own RelayState limit is in the same range.
    package static let maximumLength = 2_048
    /// RFC 1035: a host name of at most 253 characters in labels of at most 63.
    static let maximumHostLength = 253
    static let maximumLabelLength = 63

    /// Lowercase, no trailing dot, no port.
    package let host: String
    /// Path, query and fragment as given, starting with `/` (added when the URL had no path).
    package let pathAndRest: String

    /// Why a text is not an acceptable `https` URL.
    package enum Problem: Error, Hashable, Sendable {
        case empty
        case tooLong
        /// A space, control character, backslash, quote or anything outside printable ASCII.
        case invalidCharacter
        case notHTTPS
        case missingHost
        case userInfo
        case port
        case invalidHost
        /// `%` not followed by two hex digits, or an escaped control character.
        case invalidEscape

        /// The reason in words, for a page or a field error.
        package var reason: String {
            switch self {
            case .empty: "must not be empty"
            case .tooLong: "must be at most \(HTTPSURL.maximumLength) characters"
            case .invalidCharacter: "must not contain spaces, backslashes, quotes, control or non-ASCII characters"
            case .notHTTPS: "must be a full address starting with https://"
            case .missingHost: "must name a host after https://"
            case .userInfo: "must not contain a user name or password (@) before the host"
            case .port: "must not name a port other than 443"
            case .invalidHost: "must have a plain host name of letters, digits, dots and hyphens"
            case .invalidEscape: "must not contain malformed or control-character percent-escapes"
            }
        }
    }

    /// The URL written out from its checked parts.
    package var text: String { "https://" + host + pathAndRest }

    /// `https://host`, as a Content Security Policy source.
    package var origin: String { "https://" + host }

    package var description: String { text }

    /// Parses `text`; see the type's summary for what is refused.
    package static func parse(_ text: String) throws(Problem) -> HTTPSURL {
        if text.isEmpty { throw .empty }
        if text.utf8.count > maximumLength { throw .tooLong }
        // Printable ASCII only, minus the characters browsers treat specially or no URL needs.
        for byte in text.utf8 {
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "<"),
                byte != UInt8(ascii: ">"), byte != UInt8(ascii: "`"), byte != UInt8(ascii: "^"), byte != UInt8(ascii: "{"),
                byte != UInt8(ascii: "}"), byte != UInt8(ascii: "|")
            else { throw .invalidCharacter }
        }
        let scheme = "https://"
        guard text.utf8.count > scheme.utf8.count, text.prefix(scheme.count).lowercased() == scheme else { throw .notHTTPS }
        let afterScheme = text.dropFirst(scheme.count)
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let rest = String(afterScheme[authorityEnd...])
        if authority.isEmpty { throw .missingHost }
        if authority.contains("@") { throw .userInfo }
        // An IP literal: its colons are not a port, and no console lives at an address.
        if authority.hasPrefix("[") { throw .invalidHost }

        var hostPart = authority
        if let colon = authority.firstIndex(of: ":") {
            guard authority[authority.index(after: colon)...] == "443" else { throw .port }
            hostPart = authority[..<colon]
        }
        let host = hostPart.lowercased()
        if let problem = hostProblem(host) { throw problem }
        try checkEscapes(rest)
        return HTTPSURL(host: host, pathAndRest: rest.hasPrefix("/") ? rest : "/" + rest)
    }

    /// Why `host` (already lowercase) is not a plain DNS host name, or nil when it is.
    ///
    /// Letters, digits and hyphens in dot-separated labels; no empty label, so no leading or trailing
    /// dot; no label starting or ending with a hyphen; at least two labels. IP literals are refused too:
    /// no console lives at one.
    package static func hostProblem(_ host: String) -> Problem? {
        guard !host.isEmpty else { return .missingHost }
        guard host.utf8.count <= maximumHostLength else { return .invalidHost }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return .invalidHost }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= maximumLabelLength, label.first != "-", label.last != "-",
                label.utf8.allSatisfy({ isLowercaseLetterOrDigit($0) || $0 == UInt8(ascii: "-") })
            else { return .invalidHost }
        }
        // A numeric last label is an IPv4 address (or a shortened form of one), never a host name.
        if let last = labels.last, last.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return .invalidHost
        }
        return nil
    }

    /// Refuses `%` without two hex digits after it, and escaped control characters (`%00`–`%1F`, `%7F`).
    private static func checkEscapes(_ text: String) throws(Problem) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw .invalidEscape
                }
                let value = high << 4 | low
                if value < 0x20 || value == 0x7F { throw .invalidEscape }
                index += 3
            } else {
                index += 1
            }
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
