/// A SAML 2.0 identity provider people sign in to Portico through (Microsoft Entra ID, Okta, Google,
/// Keycloak…), beside Portico's own passwords. Portico is its service provider, one per identity provider,
/// at `/saml/sp/<key>`.
package struct IdentityProvider: Hashable, Sendable {
    /// Which assertion attributes (claims) hold what Portico reads; the NameID is always the sign-in name.
    package struct AttributeMapping: Hashable, Sendable {
        /// Entra ID's claim names, which are also what most providers can be told to send.
        package static let entra = AttributeMapping(
            email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            displayName: "http://schemas.microsoft.com/identity/claims/displayname",
            givenName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            familyName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", groups: nil)

        package var email: String
        package var displayName: String
        package var givenName: String
        package var familyName: String
        /// The claim listing the user's groups by name, for just-in-time users; nil when none is mapped.
        package var groups: String?

        package init(email: String, displayName: String, givenName: String, familyName: String, groups: String?) {
            self.email = email
            self.displayName = displayName
            self.givenName = givenName
            self.familyName = familyName
            self.groups = groups
        }
    }

    package var id: String
    /// The short, stable name in Portico's URLs for it (`entra` in `/saml/sp/entra/acs`): lowercase letters,
    /// digits and hyphens, so the values pasted into the identity provider survive renaming.
    package var key: String
    /// Shown on the button: "Sign in with Contoso".
    package var name: String
    /// The identity provider's entity id (its `Issuer`).
    package var entityID: String
    /// Where `AuthnRequest`s go, by HTTP-Redirect.
    package var singleSignOnURL: String
    /// The certificates (PEM) whose keys may sign its responses; several while it rotates.
    package var certificates: [String]
    /// Email domains it serves: typing such an address on the login page goes to it.
    package var emailDomains: [String]
    /// Whether people of those domains may still sign in with a Portico password.
    package var allowsPasswordSignIn: Bool
    package var attributes: AttributeMapping
    /// Whether a sign-in started at the identity provider (Microsoft's My Apps) is accepted.
    package var allowsIdPInitiatedSignIn: Bool
    /// Whether someone unknown to Portico is created at their first sign-in (just in time).
    package var createsUsers: Bool
    /// Whether the identity provider's MFA (its `AuthnContextClassRef` or `amr` saying so) replaces
    /// Portico's second factor; otherwise Portico asks for its own.
    package var trustsMFA: Bool
    /// Whether assertions are encrypted to Portico (its metadata then offers an encryption certificate).
    package var encryptsAssertions: Bool

    package init(
        id: String = FieldRules.newIdentifier(), key: String, name: String, entityID: String, singleSignOnURL: String,
        certificates: [String], emailDomains: [String] = [], allowsPasswordSignIn: Bool = true,
        attributes: AttributeMapping = .entra, allowsIdPInitiatedSignIn: Bool = false, createsUsers: Bool = false,
        trustsMFA: Bool = false, encryptsAssertions: Bool = false
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.entityID = entityID
        self.singleSignOnURL = singleSignOnURL
        self.certificates = certificates
        self.emailDomains = emailDomains
        self.allowsPasswordSignIn = allowsPasswordSignIn
        self.attributes = attributes
        self.allowsIdPInitiatedSignIn = allowsIdPInitiatedSignIn
        self.createsUsers = createsUsers
        self.trustsMFA = trustsMFA
        self.encryptsAssertions = encryptsAssertions
    }

    /// Whether `email` is in one of its domains, whatever the case.
    package func serves(email: String) -> Bool {
        guard let at = email.lastIndex(of: "@") else { return false }
        let domain = email[email.index(after: at)...].lowercased()
        return emailDomains.contains { $0.lowercased() == domain }
    }

    package func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !FieldRules.isIdentifier(id) { errors.append(FieldError("id", "must be a lowercase UUID")) }
        if key.isEmpty || key.utf8.count > 32 || !FieldRules.isASCIIWord(key, extra: "-") || key.lowercased() != key
            || key.hasPrefix("-")
        {
            errors.append(FieldError("key", "must be 1 to 32 lowercase letters, digits and hyphens"))
        }
        if let reason = FieldRules.text(name, required: true, maximum: 64) { errors.append(FieldError("name", reason)) }
        if let reason = FieldRules.text(entityID, required: true, maximum: 1024) { errors.append(FieldError("entity_id", reason)) }
        if !(singleSignOnURL.hasPrefix("https://") || singleSignOnURL.hasPrefix("http://")) || singleSignOnURL.utf8.count > 2048
            || FieldRules.containsControlCharacters(singleSignOnURL)
        {
            errors.append(FieldError("sso_url", "must be an http(s) URL of at most 2048 characters"))
        }
        if certificates.isEmpty { errors.append(FieldError("certificates", "needs at least one signing certificate")) }
        for (index, pem) in certificates.enumerated() where !pem.hasPrefix("-----BEGIN CERTIFICATE-----") {
            errors.append(FieldError("certificates[\(index)]", "must be a PEM certificate"))
        }
        for domain in emailDomains where EmailAddress.problem("x@" + domain) != nil {
            errors.append(FieldError("domains", "\(domain) is not a domain such as example.com"))
        }
        if Set(emailDomains.map { $0.lowercased() }).count != emailDomains.count {
            errors.append(FieldError("domains", "must not list a domain twice"))
        }
        for (field, claim) in [
            ("email", attributes.email), ("display_name", attributes.displayName), ("given_name", attributes.givenName),
            ("family_name", attributes.familyName), ("groups", attributes.groups ?? "x"),
        ] {
            if let reason = FieldRules.text(claim, required: true, maximum: 256) {
                errors.append(FieldError("attributes.\(field)", reason))
            }
        }
        return errors
    }
}
