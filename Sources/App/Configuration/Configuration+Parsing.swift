import AWS
import Web

extension Configuration {
    /// A value and the flag or variable it came from, which every message names.
    private typealias Given = (source: String, value: String)

    /// Resolves every setting from flag values (keyed by flag, as `Command.parse` collects them) and
    /// the environment, a flag winning over its variable, and validates each one.
    ///
    /// An empty variable counts as unset: Compose files pass `${VAR:-}` through as an empty string.
    package init(flags: [String: String], environment: [String: String], onlineCores: Int) throws(ConfigurationError) {
        func given(_ option: Option) -> Given? {
            if let value = flags[option.flag] { return (option.flag, value) }
            if let value = environment[option.variable], !value.isEmpty { return (option.variable, value) }
            return nil
        }

        let listen = try given(.listen).map { given throws(ConfigurationError) in
            try ListenAddress.parse(given.value, source: given.source)
        }
        self.init(
            listen: listen ?? Self.defaultListen,
            dataDirectory: try given(.dataDirectory).map(Self.directory) ?? Self.defaultDataDirectory,
            baseURL: try given(.baseURL).map(Self.baseURL),
            workers: try given(.workers).map(Self.workers)
                ?? min(max(onlineCores, Self.workerRange.lowerBound), Self.workerRange.upperBound),
            resourcesDirectory: try given(.resourcesDirectory).map(Self.directory) ?? Self.defaultResourcesDirectory,
            firstAdmin: try Self.firstAdmin(environment: environment),
            trustedProxies: try given(.trustedProxies).map(Self.trustedProxies) ?? TrustedProxies(),
            demo: try given(.demo).map(Self.flag) ?? false,
            stsEndpoint: try given(.stsEndpoint).map(Self.stsEndpoint) ?? .global,
            awsEndpoints: try Self.awsEndpoints(partition: given(.awsPartition), endpoint: given(.awsEndpoint)),
            metricsToken: try given(.metricsToken).map(Self.metricsToken)
        )
    }

    private static func directory(_ given: Given) throws(ConfigurationError) -> String {
        guard !given.value.isEmpty else {
            throw .invalidValue(source: given.source, value: given.value, problem: "must be a directory path")
        }
        return given.value
    }

    /// Visible ASCII, long enough not to be guessed; an error never quotes it.
    private static func metricsToken(_ given: Given) throws(ConfigurationError) -> MetricsToken {
        guard given.value.utf8.count >= MetricsToken.minimumLength, given.value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidValue(
                source: given.source, value: "<redacted>",
                problem: "must be at least \(MetricsToken.minimumLength) visible ASCII characters without spaces")
        }
        return MetricsToken(given.value)
    }

    private static func workers(_ given: Given) throws(ConfigurationError) -> Int {
        guard given.value.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(given.value),
            workerRange.contains(count)
        else {
            throw .invalidValue(
                source: given.source, value: given.value,
                problem: "must be a whole number from \(workerRange.lowerBound) to \(workerRange.upperBound)")
        }
        return count
    }

    private static func flag(_ given: Given) throws(ConfigurationError) -> Bool {
        switch given.value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalidValue(source: given.source, value: given.value, problem: "must be 1 or 0")
        }
    }

    /// `global`, a region code or an http(s) URL, as `STSEndpoint.parse` reads them; the message says which.
    private static func stsEndpoint(_ given: Given) throws(ConfigurationError) -> STSEndpoint {
        do {
            return try STSEndpoint.parse(given.value)
        } catch .credentialsInURL {
            // The value would quote the password.
            throw .invalidValue(source: given.source, value: "<redacted>", problem: STSEndpointError.credentialsInURL.description)
        } catch {
            throw .invalidValue(source: given.source, value: given.value, problem: error.description)
        }
    }

    /// The partition's IAM and STS endpoints, or one `http(s)` URL standing in for both (moto in tests).
    private static func awsEndpoints(partition: Given?, endpoint: Given?) throws(ConfigurationError) -> AWSEndpoints {
        var chosen = AWSPartition.aws
        if let partition {
            guard let named = AWSPartition(rawValue: partition.value) else {
                throw .invalidValue(source: partition.source, value: partition.value, problem: "must be aws, aws-us-gov or aws-cn")
            }
            chosen = named
        }
        guard let endpoint else { return AWSEndpoints(partition: chosen) }
        guard endpoint.value.hasPrefix("https://") || endpoint.value.hasPrefix("http://"), !endpoint.value.contains("@") else {
            throw .invalidValue(source: endpoint.source, value: "<redacted>", problem: "must be an http(s) URL without credentials")
        }
        return AWSEndpoints(partition: chosen, overrideURL: endpoint.value)
    }

    /// A comma-separated list of CIDR blocks or single addresses; an error names the entry at fault.
    private static func trustedProxies(_ given: Given) throws(ConfigurationError) -> TrustedProxies {
        do {
            return try TrustedProxies(parsing: given.value)
        } catch {
            throw .invalidValue(
                source: given.source, value: given.value, problem: "entry \(ConfigurationError.quoted(error.entry)): \(error.problem)")
        }
    }

    /// Normalises the base URL to an origin, as browsers send it in `Origin`: lowercase, no
    /// trailing slash, no default port. A path is refused because every page links from the root.
    private static func baseURL(_ given: Given) throws(ConfigurationError) -> String {
        func invalid(_ problem: String) -> ConfigurationError {
            .invalidValue(source: given.source, value: given.value, problem: problem)
        }
        let text = given.value
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https"
        } else if lowered.hasPrefix("http://") {
            scheme = "http"
        } else {
            throw invalid("must start with http:// or https://")
        }
        guard !text.contains(where: { $0 == "?" || $0 == "#" }) else {
            throw invalid("must not have a query or fragment")
        }
        guard !text.contains(where: { $0.isWhitespace }) else { throw invalid("must not contain spaces") }

        let rest = lowered.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" }
        guard rest.dropFirst(authority.count).allSatisfy({ $0 == "/" }) else {
            throw invalid("must not have a path: Portico serves from the root of its host")
        }
        guard !authority.contains("@") else { throw invalid("must not contain a user name or password") }

        let host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("must name a host") }
            host = authority[...close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw invalid("must name a host") }
                port = afterHost.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority[...]
        }
        let hostCharacters = host.hasPrefix("[") ? "0123456789abcdef:.[]" : "abcdefghijklmnopqrstuvwxyz0123456789-._"
        guard !host.isEmpty, host != "[]", host.allSatisfy(hostCharacters.contains) else {
            throw invalid("must name a host")
        }
        if let port {
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port),
                (1...65_535).contains(number)
            else { throw invalid("port must be 1 to 65535") }
        }

        let defaultPort = scheme == "https" ? "443" : "80"
        guard let port, port != defaultPort else { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host):\(port)"
    }

    private static func firstAdmin(environment: [String: String]) throws(ConfigurationError) -> FirstAdmin? {
        let email = environment[adminEmailVariable].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment[adminPasswordVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (email, password) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .incompleteFirstAdmin(present: adminEmailVariable, missing: adminPasswordVariable)
        case (nil, .some):
            throw .incompleteFirstAdmin(present: adminPasswordVariable, missing: adminEmailVariable)
        case (let email?, let password?):
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !email.contains(where: \.isWhitespace) else {
                throw .invalidValue(source: adminEmailVariable, value: email, problem: "must be an email address")
            }
            return FirstAdmin(email: email, password: password)
        }
    }
}
