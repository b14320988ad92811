import AWS
import Glibc
import Web

/// Everything `portico serve` needs to know before it opens the database, resolved and validated.
///
/// Values come from flags or from `PORTICO_*` environment variables, a flag winning over its
/// variable (see `Command.parse`). The first admin's credentials come from the environment only,
/// so that the password never shows up in `ps` or a shell history.
package struct Configuration: Equatable, Sendable {
    package static let defaultListen = ListenAddress(host: "127.0.0.1", port: 8080)
    package static let defaultDataDirectory = "./data"
    package static let defaultResourcesDirectory = "."
    package static let workerRange = 1...256

    package var listen: ListenAddress
    /// Holds the SQLite database and the SAML signing key.
    package var dataDirectory: String
    /// The origin browsers use to reach Portico, without a trailing slash, e.g. `https://portico.example.com`.
    package var baseURL: String
    /// How many event loops serve connections.
    package var workers: Int
    /// The directory that holds `Templates/` and `Public/`.
    package var resourcesDirectory: String
    /// Created on an empty database; `nil` means a one-time setup link is printed instead.
    package var firstAdmin: FirstAdmin?
    /// The reverse proxies in front, whose forwarding headers name the client; none by default.
    package var trustedProxies: TrustedProxies
    /// Fill an empty database with a demo organisation.
    package var demo: Bool
    /// Where CLI and access-key credentials come from: STS's `AssumeRoleWithSAML` at this endpoint.
    package var stsEndpoint: STSEndpoint
    /// Where the accounts Portico keeps in sync are reached: the partition's IAM and STS, or one URL for both.
    package var awsEndpoints: AWSEndpoints
    /// The bearer token every `/metrics` scrape must carry; without one only loopback peers are answered.
    package var metricsToken: MetricsToken?

    /// Values not given take the same defaults as `portico serve` with an empty environment,
    /// except `workers`, which is 1 so that tests do not depend on the machine.
    package init(
        listen: ListenAddress = Configuration.defaultListen,
        dataDirectory: String = Configuration.defaultDataDirectory,
        baseURL: String? = nil,
        workers: Int = 1,
        resourcesDirectory: String = Configuration.defaultResourcesDirectory,
        firstAdmin: FirstAdmin? = nil,
        trustedProxies: TrustedProxies = TrustedProxies(),
        demo: Bool = false,
        stsEndpoint: STSEndpoint = .global,
        awsEndpoints: AWSEndpoints = AWSEndpoints(partition: .aws),
        metricsToken: MetricsToken? = nil
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.baseURL = baseURL ?? listen.defaultBaseURL
        self.workers = workers
        self.resourcesDirectory = resourcesDirectory
        self.firstAdmin = firstAdmin
        self.trustedProxies = trustedProxies
        self.demo = demo
        self.stsEndpoint = stsEndpoint
        self.awsEndpoints = awsEndpoints
        self.metricsToken = metricsToken
    }

    /// True when browsers reach Portico over TLS, so cookies must be `Secure`.
    package var isSecure: Bool { baseURL.hasPrefix("https://") }

    package var templatesDirectory: String { Self.join(resourcesDirectory, "Templates") }

    package var publicDirectory: String { Self.join(resourcesDirectory, "Public") }

    /// The number of cores online, the default worker count (-1 if unknown; parsing clamps it).
    package static func onlineCores() -> Int {
        sysconf(Int32(_SC_NPROCESSORS_ONLN))
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
