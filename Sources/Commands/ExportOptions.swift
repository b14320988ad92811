import App

/// What `portico export [--data-dir DIR]` was asked to do.
package struct ExportOptions: Equatable, Sendable {
    package var dataDirectory: String

    package init(dataDirectory: String = Configuration.defaultDataDirectory) {
        self.dataDirectory = dataDirectory
    }
}
