/// A page of the AWS console that a shortcut link may open after sign-in: an `https` URL on an allowed
/// console host (SPEC §4).
///
/// The destination travels as the SAML `RelayState`, and AWS sends the browser there once it accepts
/// the assertion, so an unchecked value would make Portico an open redirect that carries a fresh AWS
/// session. Hosts match exactly or as a subdomain at a label boundary: `console.aws.amazon.com` allows
/// `eu-west-1.console.aws.amazon.com` but not `console.aws.amazon.com.evil.com` or
/// `evilconsole.aws.amazon.com`. Everything else about the URL is left to `HTTPSURL`'s strict parse.
///
/// One page off the console hosts is accepted whatever the allow-list says: AWS's switch-role page on
/// the partitions' sign-in hosts, with well-formed parameters only (`SwitchRoleLink`). AWS sends a
/// federated sign-in to console pages only (see the README's jump-account section), so such a
/// destination is never posted as `RelayState`: the launch page signs in first and offers the link after.
package struct ConsoleDestination: Hashable, Sendable {
    /// The console hosts allowed when no admin has chosen: the commercial partition, GovCloud and China.
    package static let defaultAllowedHosts = ["console.aws.amazon.com", "console.amazonaws-us-gov.com", "console.amazonaws.cn"]

    package let url: HTTPSURL
    /// Set when the destination is AWS's switch-role page rather than a console page.
    package let switchRole: SwitchRoleLink?

    /// Why a destination was refused.
    package enum Refusal: Error, Hashable, Sendable {
        case malformed(HTTPSURL.Problem)
        case hostNotAllowed(host: String)
        case switchRole(SwitchRoleLink.Problem)

        /// The explanation a 400 page or a form field shows.
        package var reason: String {
            switch self {
            case .malformed(let problem): "The destination " + problem.reason + "."
            case .hostNotAllowed(let host): "The destination's host \(host) is not an AWS console host this portal opens."
            case .switchRole(let problem): "The switch-role link " + problem.reason + "."
            }
        }
    }

    /// The destination `text` when it is an `https` URL on one of `allowedHosts` or a subdomain of one,
    /// or a switch-role link.
    package static func check(_ text: String, allowedHosts: [String]) throws(Refusal) -> ConsoleDestination {
        let url: HTTPSURL
        do {
            url = try HTTPSURL.parse(text)
        } catch {
            throw .malformed(error)
        }
        let link: SwitchRoleLink?
        do {
            link = try SwitchRoleLink.parse(url)
        } catch {
            throw .switchRole(error)
        }
        if let link {
            // Written out again from the checked parts, like every other URL Portico passes on.
            guard let canonical = try? HTTPSURL.parse(link.text) else { throw .switchRole(.roleName) }
            return ConsoleDestination(url: canonical, switchRole: link)
        }
        guard isAllowed(host: url.host, allowedHosts: allowedHosts) else { throw .hostNotAllowed(host: url.host) }
        return ConsoleDestination(url: url, switchRole: nil)
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
