/// The settings a console launch reads, together: where the assertion goes, which console pages a link
/// may open, how roles and the SAML provider are named in each account, and which user attributes
/// become session tags.
package struct FederationSettings: Hashable, Sendable {
    /// AWS's SAML sign-in endpoint in the commercial partition.
    package static let defaultSignInURL = "https://signin.aws.amazon.com/saml"
    package static let defaultSAMLProviderName = "Portico"
    /// AWS's SAML sign-in hosts in the commercial, GovCloud and China partitions; regional endpoints
    /// (`us-east-1.signin.aws.amazon.com`) are subdomains of these.
    package static let signInHosts = ["signin.aws.amazon.com", "signin.amazonaws-us-gov.com", "signin.amazonaws.cn"]
    /// STS accepts at most 50 session tags per role session.
    package static let maximumPrincipalTags = 50
    /// More hosts than any partition list needs; keeps the policy header short.
    package static let maximumAllowedHosts = 20
    /// A console host has a name below its domain (`console.amazonaws.cn`): `amazonaws.cn` or `com` alone is refused.
    package static let minimumHostLabels = 3

    /// Where the page POSTs the SAML Response (`aws_signin_url`).
    package var signInURL: HTTPSURL
    /// Console hosts a destination may name, subdomains included (`allowed_console_hosts`).
    package var allowedConsoleHosts: [String]
    /// The IAM SAML provider's name in every account (`saml_provider_name`).
    package var samlProviderName: String
    /// How each account's role is named after its permission set (`role_name_pattern`).
    package var roleNamePattern: RoleNamePattern
    /// User attribute keys sent as `PrincipalTag:<key>` (`principal_tag_attributes`).
    package var principalTagAttributes: [String]

    package init(
        signInURL: HTTPSURL, allowedConsoleHosts: [String], samlProviderName: String, roleNamePattern: RoleNamePattern,
        principalTagAttributes: [String]
    ) {
        self.signInURL = signInURL
        self.allowedConsoleHosts = allowedConsoleHosts
        self.samlProviderName = samlProviderName
        self.roleNamePattern = roleNamePattern
        self.principalTagAttributes = principalTagAttributes
    }

    /// The settings when no admin has changed any.
    package static let defaults = FederationSettings(
        signInURL: try! HTTPSURL.parse(defaultSignInURL), allowedConsoleHosts: ConsoleDestination.defaultAllowedHosts,
        samlProviderName: defaultSAMLProviderName, roleNamePattern: .default, principalTagAttributes: [])

    /// Where a launch goes when the link names no destination and the permission set has no valid relay state.
    package var consoleHome: String { ConsoleDestination.home(allowedHosts: allowedConsoleHosts) }

    /// The sign-in host of the sign-in URL's partition, where its console's switch-role page lives: a
    /// regional sign-in URL (`us-east-1.signin.aws.amazon.com`) switches on `signin.aws.amazon.com`.
    package var switchRoleHost: String {
        Self.signInHosts.first { signInURL.host == $0 || signInURL.host.hasSuffix("." + $0) } ?? Self.signInHosts[0]
    }

    // MARK: Rules

    /// Why `text` cannot be the sign-in URL: an `https` URL without query or fragment, since the
    /// address is also the SAML `Destination` and `Recipient`.
    package static func signInURLProblem(_ text: String) -> String? {
        do {
            let url = try HTTPSURL.parse(text)
            if url.pathAndRest.contains("?") || url.pathAndRest.contains("#") { return "must not have a query or fragment" }
            // Every launch posts a signed assertion here; anywhere but AWS would hand it, and the role, to
            // whoever runs that host.
            guard signInHosts.contains(where: { url.host == $0 || url.host.hasSuffix("." + $0) }) else {
                return "must be an AWS sign-in address: " + signInHosts.joined(separator: ", ") + " or a regional one under them"
            }
            return nil
        } catch {
            return error.reason
        }
    }

    /// Why `hosts` cannot be the allowed console hosts: each a plain lowercase host name of at least three
    /// labels, listed once.
    package static func allowedHostsProblem(_ hosts: [String]) -> String? {
        if hosts.isEmpty { return "must list at least one host" }
        if hosts.count > maximumAllowedHosts { return "must list at most \(maximumAllowedHosts) hosts" }
        for (index, host) in hosts.enumerated() {
            if HTTPSURL.hostProblem(host) != nil { return "\(host) is not a lowercase host name such as console.aws.amazon.com" }
            // Every subdomain of a listed host is allowed too, so a registrable domain such as amazonaws.com
            // would let links send a fresh AWS session to anyone's S3 bucket or CloudFront site.
            if host.split(separator: ".").count < minimumHostLabels {
                return "\(host) is a whole domain; name a console host such as console.aws.amazon.com (its subdomains are allowed too)"
            }
            if hosts[..<index].contains(host) { return "\(host) is listed twice" }
        }
        return nil
    }

    /// Why `name` cannot be an IAM SAML provider name (`[\w._-]{1,128}`).
    package static func samlProviderNameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 128, FieldRules.isASCIIWord(name, extra: ".-") else {
            return "must be 1 to 128 letters, digits or ._-"
        }
        return nil
    }

    /// Why `keys` cannot be the list of attributes sent as session tags: each a valid tag key, listed once.
    package static func principalTagAttributesProblem(_ keys: [String]) -> String? {
        if keys.count > maximumPrincipalTags { return "must list at most \(maximumPrincipalTags) attributes" }
        for (index, key) in keys.enumerated() {
            if !FieldRules.tagProblems([key: ""], field: "").isEmpty {
                return "\(key) is not a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@"
            }
            if keys[..<index].contains(key) { return "\(key) is listed twice" }
        }
        return nil
    }
}
