extension Configuration {
    /// The bearer token every `/metrics` scrape must send, from `--metrics-token` or `PORTICO_METRICS_TOKEN`.
    ///
    /// Printing or dumping it shows nothing of the token, so a logged configuration never leaks it.
    package struct MetricsToken: Equatable, Sendable, CustomStringConvertible, CustomReflectable {
        package static let minimumLength = 16

        package let value: String

        package init(_ value: String) {
            self.value = value
        }

        package var description: String { "MetricsToken(<redacted>)" }

        package var customMirror: Mirror {
            Mirror(self, children: ["value": "<redacted>"])
        }
    }
}
