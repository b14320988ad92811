/// Where Portico sends STS requests: AWS's global endpoint, a regional one, or any URL (moto in tests).
///
/// Regional endpoints are what AWS recommends (lower latency, and a session valid in every enabled region);
/// the global endpoint lives in us-east-1. GovCloud and China are separate partitions with their own
/// endpoints, named here by their region codes; China's hosts end in `.amazonaws.com.cn`.
package struct STSEndpoint: Sendable, Equatable {
    package enum Scheme: String, Sendable {
        case http, https
    }

    package var scheme: Scheme
    /// The host name or IP literal (IPv6 in brackets), lowercased.
    package var host: String
    /// The port when the URL names one; nil for the scheme's default.
    package var port: Int?

    /// The endpoint's URL; STS answers at the root path.
    package var url: String { "\(scheme.rawValue)://\(host)\(port.map { ":\($0)" } ?? "")/" }

    /// `https://sts.amazonaws.com/`.
    package static let global = STSEndpoint(scheme: .https, host: "sts.amazonaws.com", port: nil)

    /// `https://sts.<region>.amazonaws.com/`, or `.amazonaws.com.cn` for China's regions.
    package static func regional(_ region: String) throws(STSEndpointError) -> STSEndpoint {
        guard isRegionCode(region) else { throw .notARegion(region) }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return STSEndpoint(scheme: .https, host: "sts.\(region).\(suffix)", port: nil)
    }

    package init(scheme: Scheme, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Reads the setting: `global`, a region code (`eu-west-1`, `us-gov-west-1`, `cn-north-1`), or an
    /// `http://` or `https://` URL with no path beyond `/`, no query and no credentials.
    package static func parse(_ text: String) throws(STSEndpointError) -> STSEndpoint {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        if trimmed == "global" { return .global }
        if trimmed.contains("://") { return try parseURL(trimmed) }
        return try regional(trimmed)
    }

    private static func parseURL(_ text: String) throws(STSEndpointError) -> STSEndpoint {
        let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        let rest = parts[1]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // Before any message quotes the text, which would then quote the password.
        guard !authority.contains("@") else { throw .credentialsInURL }
        guard let scheme = Scheme(rawValue: parts[0].lowercased()) else { throw .unsupportedScheme(String(parts[0])) }
        let remainder = rest[authorityEnd...]
        guard remainder.isEmpty || remainder == "/" else { throw .pathNotRoot(text) }
        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            let digits = authority[authority.index(after: colon)...]
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits),
                (1...65_535).contains(number)
            else { throw .invalidPort(text) }
            host = authority[..<colon]
            port = number
        }
        guard isHost(host) else { throw .invalidHost(text) }
        return STSEndpoint(scheme: scheme, host: host.lowercased(), port: port)
    }

    /// `xx-name-N` and longer forms such as `us-gov-west-1` or `ap-southeast-5`.
    private static func isRegionCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, text.count <= 32, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) else {
            return false
        }
        return parts.dropLast().allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// A DNS name, an IPv4 address, or a bracketed IPv6 literal: checked only for characters, as the
    /// resolver is the judge of the rest.
    private static func isHost(_ host: Substring) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && host.count > 2
                && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") } && !host.hasPrefix(".")
            && !host.hasPrefix("-")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
