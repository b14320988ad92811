/// Why a text is not an STS endpoint setting; each message says what the setting accepts.
package enum STSEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case notARegion(String)
    /// Carries the scheme only.
    case unsupportedScheme(String)
    case pathNotRoot(String)
    case credentialsInURL
    case invalidPort(String)
    case invalidHost(String)

    package var description: String {
        let accepted =
            "use \"global\", a region code such as \"eu-west-1\", or an http(s) URL such as \"https://sts.eu-west-1.amazonaws.com/\""
        switch self {
        case .empty: return "The STS endpoint is empty: \(accepted)."
        case .notARegion(let text): return "\"\(text)\" is not an AWS region code or a URL: \(accepted)."
        case .unsupportedScheme(let scheme): return "\"\(scheme)://\" is not http:// or https://: \(accepted)."
        case .pathNotRoot(let text): return "\"\(text)\" has a path, query or fragment; STS answers at the root path \"/\" only."
        case .credentialsInURL: return "The STS endpoint URL carries a user name or password; STS needs none, so leave them out."
        case .invalidPort(let text): return "\"\(text)\" has a port that is not a number from 1 to 65535."
        case .invalidHost(let text): return "\"\(text)\" has no valid host name."
        }
    }
}
