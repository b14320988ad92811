import Domain
import TemplateEngine
import Web

extension DirectorySource {
    /// Whether an identity provider owns the user's or group's own fields, so the admin pages refuse to
    /// change them: it writes them by SCIM, and a change made here would be undone on its next cycle or,
    /// worse, undo one of its own (a user it had just disabled, enabled again).
    var isProviderOwned: Bool { self == .scim }

    /// The word on the admin lists' badge.
    var badge: String {
        switch self {
        case .local: "Local"
        case .scim: "SCIM"
        case .saml: "SAML"
        }
    }

    /// Where the user or group came from, as its page says it.
    var origin: String {
        switch self {
        case .local: "Created in Portico"
        case .scim: "Provisioned by SCIM from your identity provider"
        case .saml: "Created at sign-in through a SAML identity provider"
        }
    }

    /// `source`, `sourceBadge`, `sourceOrigin` and `isProvisioned`, for a list row or a page.
    var templateValues: TemplateObject {
        ["source": rawValue, "sourceBadge": badge, "sourceOrigin": origin, "isProvisioned": isProviderOwned]
    }

    /// The refusal of a change the identity provider owns, saying where to make it instead.
    static func providerOwns(_ what: String, _ instead: String) -> HTTPError {
        HTTPError(.conflict, "Your identity provider owns \(what), provisioned by SCIM: \(instead)")
    }
}
