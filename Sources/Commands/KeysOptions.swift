import App

/// What `portico keys list|rotate|activate|retire [--data-dir DIR] [--base-url URL]` was asked to do.
package struct KeysOptions: Equatable, Sendable {
    /// The steps of a signing-key rotation, in the order an operator takes them.
    package enum Action: String, Equatable, Sendable, CaseIterable {
        /// Print every key with its state and certificate.
        case list
        /// Add a pending key, published beside the active one.
        case rotate
        /// Sign with the pending key from now on.
        case activate
        /// Drop the previous key from the metadata.
        case retire
    }

    package var action: Action
    package var dataDirectory: String
    /// Only for the instructions printed; nil when neither `--base-url` nor `PORTICO_BASE_URL` was given.
    package var baseURL: String?

    package init(action: Action, dataDirectory: String = Configuration.defaultDataDirectory, baseURL: String? = nil) {
        self.action = action
        self.dataDirectory = dataDirectory
        self.baseURL = baseURL
    }

    /// Where the metadata is, as the instructions name it.
    var metadataURL: String { (baseURL ?? "") + ConsoleFederation.metadataPath }
}
