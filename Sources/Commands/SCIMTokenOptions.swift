import App
import Domain

/// What `portico scim-token create|list|revoke [--name NAME] [--expires DURATION] [--data-dir DIR]` was asked to do.
package struct SCIMTokenOptions: Equatable, Sendable {
    package enum Action: String, Equatable, Sendable, CaseIterable {
        case create, list, revoke
    }

    package var action: Action
    /// Required by `create` and `revoke`.
    package var name: String?
    /// How long a created token works; nil for no expiry.
    package var expires: ISODuration?
    package var dataDirectory: String

    package init(
        action: Action, name: String? = nil, expires: ISODuration? = nil, dataDirectory: String = Configuration.defaultDataDirectory
    ) {
        self.action = action
        self.name = name
        self.expires = expires
        self.dataDirectory = dataDirectory
    }
}
