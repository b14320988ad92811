extension Configuration {
    /// One setting as spelled on the command line and in the environment.
    ///
    /// The parser and the usage text read the same table, so `portico --help` cannot forget a flag.
    package struct Option: Sendable {
        /// The long flag, with its dashes: `--listen`.
        package let flag: String
        package let variable: String
        /// What the flag's value looks like in the usage text; `nil` for a switch such as `--demo`.
        package let valueName: String?
        package let summary: String
        package let defaultText: String

        package static let listen = Option(
            flag: "--listen", variable: "PORTICO_LISTEN", valueName: "HOST:PORT",
            summary: "address to listen on; :PORT means every interface, port 0 a free one",
            defaultText: Configuration.defaultListen.description)
        package static let dataDirectory = Option(
            flag: "--data-dir", variable: "PORTICO_DATA_DIR", valueName: "DIR",
            summary: "where the database and signing keys are kept",
            defaultText: Configuration.defaultDataDirectory)
        package static let baseURL = Option(
            flag: "--base-url", variable: "PORTICO_BASE_URL", valueName: "URL",
            summary: "the http(s) origin browsers use, e.g. https://portico.example.com",
            defaultText: "http://<listen>")
        package static let workers = Option(
            flag: "--workers", variable: "PORTICO_WORKERS", valueName: "N",
            summary: "event loops serving connections, \(workerRange.lowerBound) to \(workerRange.upperBound)",
            defaultText: "one per core")
        package static let resourcesDirectory = Option(
            flag: "--resources-dir", variable: "PORTICO_RESOURCES_DIR", valueName: "DIR",
            summary: "where Templates/ and Public/ are",
            defaultText: "the current directory")
        package static let trustedProxies = Option(
            flag: "--trusted-proxies", variable: "PORTICO_TRUSTED_PROXIES", valueName: "CIDR,...",
            summary: "proxies in front whose X-Forwarded-For and X-Forwarded-Proto are believed, e.g. 172.16.0.0/12,::1",
            defaultText: "none")
        package static let demo = Option(
            flag: "--demo", variable: "PORTICO_DEMO", valueName: nil,
            summary: "fill an empty database with a demo organisation; the variable takes 1 or 0",
            defaultText: "off")
        package static let stsEndpoint = Option(
            flag: "--sts-endpoint", variable: "PORTICO_STS_ENDPOINT", valueName: "ENDPOINT",
            summary: "where credentials for the AWS CLI and access keys come from: global, a region (eu-west-1) or an http(s) URL",
            defaultText: "global")

        package static let awsPartition = Option(
            flag: "--aws-partition", variable: "PORTICO_AWS_PARTITION", valueName: "PARTITION",
            summary: "the AWS partition of the accounts Portico keeps in sync: aws, aws-us-gov or aws-cn", defaultText: "aws")
        package static let awsEndpoint = Option(
            flag: "--aws-endpoint", variable: "PORTICO_AWS_ENDPOINT", valueName: "URL",
            summary: "one http(s) URL answering both IAM and STS for keeping accounts in sync, instead of AWS's (for tests)",
            defaultText: "AWS's endpoints of the partition")

        package static let metricsToken = Option(
            flag: "--metrics-token", variable: "PORTICO_METRICS_TOKEN", valueName: "TOKEN",
            summary: "the bearer token every /metrics scrape must send, at least 16 characters; prefer the variable, flags show in ps",
            defaultText: "none: only this host's loopback addresses may scrape")

        /// `portico provision`'s one account; a flag of that command alone.
        package static let provisionAccount = Option(
            flag: "--account", variable: "", valueName: "ID", summary: "one AWS account id", defaultText: "every account kept in sync")

        /// `portico scim-token`'s token name; flags of that command alone, with no variable.
        package static let tokenName = Option(
            flag: "--name", variable: "", valueName: "NAME", summary: "the token's name, e.g. Entra ID", defaultText: "")
        package static let tokenExpiry = Option(
            flag: "--expires", variable: "", valueName: "DURATION", summary: "how long the token works, e.g. P365D", defaultText: "never")

        /// Everything `portico serve` accepts, in the order the usage text lists them.
        package static let serve: [Option] = [
            listen, dataDirectory, baseURL, workers, resourcesDirectory, trustedProxies, demo, stsEndpoint, awsPartition, awsEndpoint,
            metricsToken,
        ]
    }

    package static let adminEmailVariable = "PORTICO_ADMIN_EMAIL"
    package static let adminPasswordVariable = "PORTICO_ADMIN_PASSWORD"

    /// Settings read from the environment only, never from flags, so secrets stay out of `ps`.
    package static let environmentOnly: [(variable: String, summary: String)] = [
        (adminEmailVariable, "email of the first admin, created on an empty database"),
        (adminPasswordVariable, "password of the first admin (without both, a setup link is printed)"),
    ]
}
