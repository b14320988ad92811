/// Portico's addresses as the SAML service provider of one identity provider, all under
/// `<base URL>/saml/sp/<key>`: what the identity provider is told (Entra's "Basic SAML configuration").
///
/// Built from the configured base URL and the provider's key, never from a request's `Host`, so what an
/// admin pastes into the identity provider does not depend on how they reached the admin page.
package struct ServiceProviderEndpoints: Hashable, Sendable {
    package static let pathPrefix = "/saml/sp/"

    /// `<base URL>/saml/sp/<key>`: the `Audience` the identity provider writes, Entra's "Identifier (Entity ID)".
    package let entityID: String
    /// Where responses are posted (HTTP-POST): Entra's "Reply URL".
    package let assertionConsumerServiceURL: String
    /// Where a sign-in through this provider starts: Entra's "Sign on URL".
    package let signOnURL: String
    /// Where logout messages are posted (HTTP-POST): Entra's "Logout URL".
    package let singleLogoutURL: String
    /// Where Portico serves this service provider's metadata.
    package let metadataURL: String

    package init(baseURL: String, key: String) {
        entityID = baseURL + Self.pathPrefix + key
        assertionConsumerServiceURL = entityID + "/acs"
        signOnURL = entityID + "/login"
        singleLogoutURL = entityID + "/logout"
        metadataURL = entityID + "/metadata"
    }
}
