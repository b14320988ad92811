/// A page of the AWS console that a shortcut link may open after sign-in: an `https` URL on an allowed
/// console host (SPEC §4).
///
/// The destination travels as the SAML `RelayState`, and AWS sends the browser there once it accepts
/// the assertion, so an unchecked value would make Portico an open redirect that carries a fresh AWS
/// session. Hosts match exactly or as a subdomain at a label boundary: `console.aws.amazon.com` allows
/// `eu-west-1.console.aws.amazon.com` but not `console.aws.amazon.com.evil.com` or
/// `evilconsole.aws.amazon.com`. Everything else about the URL is left to `HTTPSURL`'s strict parse.
package struct ConsoleDestination: Hashable, Sendable {
    /// The console hosts allowed when no admin has chosen: the commercial partition, GovCloud and China.
    package static let defaultAllowedHosts = ["console.aws.amazon.com", "console.amazonaws-us-gov.com", "console.amazonaws.cn"]

    package let url: HTTPSURL

    /// Why a destination was refused.
    package enum Refusal: Error, Hashable, Sendable {
        case malformed(HTTPSURL.Problem)
        case hostNotAllowed(host: String)

        /// The explanation a 400 page or a form field shows.
        package var reason: String {
            switch self {
            case .malformed(let problem): "The destination " + problem.reason + "."
            case .hostNotAllowed(let host): "The destination's host \(host) is not an AWS console host this portal opens."
            }
        }
    }

    /// The destination `text` when it is an `https` URL on one of `allowedHosts` or a subdomain of one.
    package static func check(_ text: String, allowedHosts: [String]) throws(Refusal) -> ConsoleDestination {
        let url: HTTPSURL
        do {
            url = try HTTPSURL.parse(text)
        } catch {
            throw .malformed(error)
        }
        guard isAllowed(host: url.host, allowedHosts: allowedHosts) else { throw .hostNotAllowed(host: url.host) }
        return ConsoleDestination(url: url)
    }

    /// Whether `host` (lowercase) is one of `allowedHosts` or a subdomain of one.
    package static func isAllowed(host: String, allowedHosts: [String]) -> Bool {
        allowedHosts.contains { allowed in
            host == allowed || (host.utf8.count > allowed.utf8.count + 1 && host.hasSuffix("." + allowed))
        }
    }

    /// The console's home page on the first allowed host: where a launch goes when neither the link nor
    /// the permission set names a page (`https://console.aws.amazon.com/` by default).
    package static func home(allowedHosts: [String]) -> String {
        "https://" + (allowedHosts.first ?? defaultAllowedHosts[0]) + "/"
    }
}
