import App

/// What `portico backup [--data-dir DIR] DEST` was asked to do.
package struct BackupOptions: Equatable, Sendable {
    /// The new file to write; never one that exists.
    package var destination: String
    package var dataDirectory: String

    package init(destination: String, dataDirectory: String = Configuration.defaultDataDirectory) {
        self.destination = destination
        self.dataDirectory = dataDirectory
    }
}
