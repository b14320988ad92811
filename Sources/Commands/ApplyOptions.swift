import App

/// What `portico apply [--dry-run] [--data-dir DIR] FILE.json` was asked to do.
package struct ApplyOptions: Equatable, Sendable {
    package var file: String
    package var dataDirectory: String
    /// Print the plan and change nothing.
    package var dryRun: Bool

    package init(file: String, dataDirectory: String = Configuration.defaultDataDirectory, dryRun: Bool = false) {
        self.file = file
        self.dataDirectory = dataDirectory
        self.dryRun = dryRun
    }
}
