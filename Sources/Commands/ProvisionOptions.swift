import App

/// What `portico provision [--account ID] [--dry-run] [--data-dir DIR] [--base-url URL] [--aws-partition P] [--aws-endpoint URL]`
/// was asked to do.
package struct ProvisionOptions: Equatable, Sendable {
    /// The data directory, base URL (for the metadata's entity id) and AWS settings, as `serve` reads them.
    package var configuration: Configuration
    /// One account; nil for every account Portico keeps in sync.
    package var accountID: String?
    /// Print the plan and change nothing.
    package var dryRun: Bool

    package init(configuration: Configuration, accountID: String? = nil, dryRun: Bool = false) {
        self.configuration = configuration
        self.accountID = accountID
        self.dryRun = dryRun
    }
}
