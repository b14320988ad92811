import Crypto
import Directory
import Domain
import JSON
import SAML
import SQLite
import Storage
import Web

/// Portico as a SAML service provider of the identity providers people sign in through: its addresses
/// for each, the check of what they post, whom an assertion signs in, and whether their MFA counts.
struct SAMLSignIn {
    static let prefix = String(ServiceProviderEndpoints.pathPrefix.dropLast())
    /// How long an `AuthnRequest` may stay unanswered: a sign-in at the identity provider, MFA included.
    static let requestLifetime = 15 * 60
    /// How long a checked assertion waits for its browser's return: one redirect.
    static let pendingLifetime = 2 * 60

    /// `AuthnContextClassRef`s that mean a second factor was used.
    static let multiFactorContexts: Set<String> = [
        "http://schemas.microsoft.com/claims/multipleauthn", "https://refeds.org/profile/mfa",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract", "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
    ]
    /// Claims listing the authentication methods used (Entra's, and the OIDC-style name).
    static let methodClaims = ["http://schemas.microsoft.com/claims/authnmethodsreferences", "amr"]

    let authentication: Authentication
    let federation: ConsoleFederation
    let baseURL: String

    func endpoints(of provider: IdentityProvider) -> ServiceProviderEndpoints {
        ServiceProviderEndpoints(baseURL: baseURL, key: provider.key)
    }

    /// An `AuthnRequest` to `provider`, sent unsigned by HTTP-Redirect (which Entra, Okta and Keycloak take;
    /// its answer is bound to the request and the browser, so a forged request gains nothing).
    func authnRequest(for provider: IdentityProvider, now: Int) -> SAMLAuthnRequest {
        let endpoints = endpoints(of: provider)
        return SAMLAuthnRequest(
            serviceProviderEntityID: endpoints.entityID, assertionConsumerServiceURL: endpoints.assertionConsumerServiceURL,
            singleSignOnURL: provider.singleSignOnURL, issueInstant: Int64(now))
    }

    /// The check of what `provider` posts: its certificates only, Portico's SAML keys to decrypt.
    func validator(for provider: IdentityProvider) -> SAMLResponseValidator {
        let snapshot = federation.keyring.current()
        let endpoints = endpoints(of: provider)
        return SAMLResponseValidator(
            serviceProviderEntityID: endpoints.entityID, assertionConsumerServiceURL: endpoints.assertionConsumerServiceURL,
            identityProviderEntityID: provider.entityID, certificates: provider.certificates.compactMap { try? X509Certificate(pem: $0) },
            decryptionKeys: provider.encryptsAssertions ? snapshot.keys.keys.compactMap(\.credentials) : [])
    }

    /// Whether the identity provider says a second factor was used, and Portico is told to believe it.
    func isMultiFactor(_ claims: SAMLAssertionClaims, provider: IdentityProvider) -> Bool {
        guard provider.trustsMFA else { return false }
        if let context = claims.authnContextClassRef, Self.multiFactorContexts.contains(context) { return true }
        let methods = Self.methodClaims.flatMap { claims.attributes[$0] ?? [] }
        return methods.contains { $0 == "mfa" || $0.hasSuffix("/multipleauthn") || Self.multiFactorContexts.contains($0) }
    }

    /// Why `provider` may not vouch for `nameID`: its sign-in names must be in its email domains, when it
    /// has any, so one tenant cannot sign in as another organisation's people (or Portico's own admins).
    func domainProblem(_ nameID: String, provider: IdentityProvider) -> String? {
        guard !provider.emailDomains.isEmpty, !provider.serves(email: nameID) else { return nil }
        return "\(nameID) is not in \(provider.name)'s domains (\(provider.emailDomains.joined(separator: ", ")))"
    }

    /// The user an assertion names: by NameID as sign-in name (a SCIM `userName`, or an email), then as a
    /// contact address; for an Entra guest (`…#EXT#@…`) by the mail claim. When none matches and the
    /// provider creates users, a new one, put in the existing groups the groups claim names.
    func user(for claims: SAMLAssertionClaims, provider: IdentityProvider, request: Request, db: Connection) throws -> User? {
        let users = UserStore(db)
        if let user = try users.find(email: claims.nameID) { return user }
        let mail = claims.attribute(provider.attributes.email)
        if claims.nameID.contains("#EXT#"), let mail {
            if let user = try users.find(email: mail) { return user }
            if let only = try users.find(contactEmail: mail).onlyElement { return only }
        }
        if let only = try users.find(contactEmail: claims.nameID).onlyElement { return only }
        guard provider.createsUsers else { return nil }
        return try createUser(for: claims, provider: provider, request: request, db: db)
    }

    private func createUser(for claims: SAMLAssertionClaims, provider: IdentityProvider, request: Request, db: Connection) throws -> User {
        let mapping = provider.attributes
        let given = claims.attribute(mapping.givenName) ?? ""
        let family = claims.attribute(mapping.familyName) ?? ""
        let fullName = [given, family].filter { !$0.isEmpty }.joined(separator: " ")
        let contact = [claims.attribute(mapping.email), claims.nameID].compactMap { $0 }.first { EmailAddress.problem($0) == nil }
        let user = User(
            email: claims.nameID, displayName: claims.attribute(mapping.displayName) ?? (fullName.isEmpty ? claims.nameID : fullName),
            givenName: given, familyName: family, source: .saml, contactEmail: contact)
        try UserStore(db).create(user)
        var joined: [String] = []
        if let claim = mapping.groups {
            let groups = GroupStore(db)
            for name in Set(claims.attributes[claim] ?? []).sorted() {
                guard let group = try groups.find(name: name) else { continue }
                _ = try groups.addMembers(groupID: group.id, userIDs: [user.id])
                joined.append(group.name)
            }
        }
        var details = AuditSnapshot.change(before: nil, after: AuditSnapshot.user(user))
        details["groups"] = .strings(joined)
        try authentication.audit("user.create", actor: "saml:" + provider.key, target: user.id, request: request, db: db, details: details)
        return user
    }
}

extension Array {
    /// The element of a one-element array; nil for none or several.
    fileprivate var onlyElement: Element? { count == 1 ? first : nil }
}

extension IdentityProvider {
    /// Portico's service-provider metadata for this provider: its addresses, and when assertions are
    /// encrypted, the certificate of Portico's active SAML key to encrypt them to.
    func serviceProviderMetadata(baseURL: String, keyring: SigningKeyring) -> ServiceProviderMetadata {
        ServiceProviderMetadata(
            endpoints: ServiceProviderEndpoints(baseURL: baseURL, key: key),
            encryptionCertificates: encryptsAssertions ? [keyring.current().keys.active.certificate] : [])
    }
}
