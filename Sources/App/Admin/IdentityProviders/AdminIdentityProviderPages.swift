import Crypto
import Directory
import Domain
import SAML
import SQLite
import Storage
import TemplateEngine
import Web

/// `/admin/identity-providers`: the SAML identity providers people sign in to Portico through (Entra ID,
/// Okta, Keycloak…), Portico being their service provider.
///
/// A provider is made from its metadata (uploaded or pasted) or from its values typed in; its page shows
/// what to give the identity provider (Entra's "Basic SAML configuration": the entity id, reply URL, sign-on
/// URL and logout URL, built from the configured base URL) and offers Portico's SP metadata for it as a
/// download. Every change and its audit event (`identity_provider.create`, `.update` with the fields that
/// changed, `.delete`) commit in one transaction; certificates appear in events by SHA-256 fingerprint.
struct AdminIdentityProviderPages: AdminResourcePages {
    static let noSuchProvider = "There is no identity provider with that id."

    let pages: PageRenderer
    let authentication: Authentication
    /// The configured base URL: Portico's addresses for each provider are built from it, never from `Host`.
    let baseURL: String
    /// Portico's SAML keys: the active certificate is the one assertions are encrypted to.
    let keyring: SigningKeyring
    let copyScriptPath: String

    private var database: Database { authentication.database }

    // MARK: List

    func list(_ request: Request) throws -> HTTPResponse {
        let providers = try database.read { try IdentityProviderStore($0).list() }
        let rows: [TemplateValue] = providers.map { provider in
            let row: TemplateObject = [
                "id": provider.id, "name": provider.name, "key": provider.key, "entityID": provider.entityID,
                "domains": provider.emailDomains.joined(separator: ", "), "hasDomains": !provider.emailDomains.isEmpty,
                "flags": Self.flags(provider).map { TemplateValue.string($0) },
            ]
            return row.templateValue
        }
        var values: TemplateObject = ["providers": rows, "hasProviders": !rows.isEmpty]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try pages.page(
            "pages/admin-identity-providers", request: request, values.merging(AdminSection.identityProviders.templateValues))
    }

    /// The switches that are on, in words, for the list.
    private static func flags(_ provider: IdentityProvider) -> [String] {
        var flags: [String] = []
        if provider.allowsPasswordSignIn { flags.append("passwords too") }
        if provider.allowsIdPInitiatedSignIn { flags.append("IdP-initiated") }
        if provider.createsUsers { flags.append("creates users") }
        if provider.trustsMFA { flags.append("trusts its MFA") }
        if provider.encryptsAssertions { flags.append("encrypted") }
        return flags
    }

    // MARK: Show

    func show(_ request: Request) throws -> HTTPResponse {
        let provider = try findProvider(request)
        let endpoints = ServiceProviderEndpoints(baseURL: baseURL, key: provider.key)
        let now = Int64(authentication.clock.epochSeconds)
        let certificates: [TemplateValue] = provider.certificates.map { pem in
            guard let certificate = try? X509Certificate(pem: pem) else {
                return (["isUnreadable": true] as TemplateObject).templateValue
            }
            return Self.certificateValues(certificate, now: now).templateValue
        }
        let attributes = provider.attributes
        var values: TemplateObject = [
            "provider": [
                "id": provider.id, "name": provider.name, "key": provider.key, "entityID": provider.entityID,
                "ssoURL": provider.singleSignOnURL, "domains": provider.emailDomains.map { TemplateValue.string($0) },
                "hasDomains": !provider.emailDomains.isEmpty, "allowPasswordSignIn": provider.allowsPasswordSignIn,
                "idpInitiated": provider.allowsIdPInitiatedSignIn, "createUsers": provider.createsUsers,
                "trustMFA": provider.trustsMFA, "encryptAssertions": provider.encryptsAssertions,
                "attributes": [
                    "email": attributes.email, "displayName": attributes.displayName, "givenName": attributes.givenName,
                    "familyName": attributes.familyName, "groups": attributes.groups.templateValue,
                ] as TemplateObject,
            ] as TemplateObject,
            "sp": [
                "entityID": endpoints.entityID, "replyURL": endpoints.assertionConsumerServiceURL, "signOnURL": endpoints.signOnURL,
                "logoutURL": endpoints.singleLogoutURL, "metadataURL": endpoints.metadataURL,
                "metadataDownload": "\(AdminSection.identityProviders.path)/\(provider.id)/metadata.xml",
            ] as TemplateObject,
            "certificates": certificates, "copyScriptPath": copyScriptPath,
        ]
        if provider.encryptsAssertions {
            let certificate = keyring.current().keys.active.certificate
            values["encryptionCertificate"] = Self.certificateValues(certificate, now: now).merging(["pem": certificate.pem]).templateValue
        }
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try pages.page(
            "pages/admin-identity-provider", request: request, values.merging(AdminSection.identityProviders.templateValues))
    }

    private static func certificateValues(_ certificate: X509Certificate, now: Int64) -> TemplateObject {
        [
            "subject": certificate.subjectCommonName ?? "(no common name)", "sha256": certificate.sha256Fingerprint,
            "sha1": certificate.sha1Thumbprint, "notBefore": DurationText.moment(Int(certificate.notBefore)),
            "notAfter": DurationText.moment(Int(certificate.notAfter)), "isExpired": certificate.notAfter <= now,
            "isNotYetValid": certificate.notBefore > now,
        ]
    }

    /// `GET /admin/identity-providers/:id/metadata.xml`: Portico's SP metadata for this provider, to upload to it.
    func metadata(_ request: Request) throws -> HTTPResponse {
        let provider = try findProvider(request)
        let metadata = provider.serviceProviderMetadata(baseURL: baseURL, keyring: keyring)
        var response = HTTPResponse(status: .ok, contentType: ConsoleFederation.metadataContentType, body: metadata.xml)
        response.headers.replaceOrAdd(name: "Content-Disposition", value: "attachment; filename=\"portico-sp-\(provider.key).xml\"")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    // MARK: Create

    func new(_ request: Request) throws -> HTTPResponse {
        try formPage(IdentityProviderForm(), provider: nil, request: request)
    }

    /// Offloaded: it reads metadata and writes.
    func create(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = try IdentityProviderForm(request)
        guard let provider = form.validated(id: FieldRules.newIdentifier()) else {
            return try formPage(form, provider: nil, request: request, status: .unprocessableContent)
        }
        do {
            try authentication.recordChange(
                "identity_provider.create", by: admin, target: provider.id, request: request,
                details: AuditSnapshot.change(before: nil, after: AuditSnapshot.identityProvider(provider))
            ) { db in
                try Self.refuseSharedDomains(of: provider, db: db)
                try IdentityProviderStore(db).create(provider)
            }
        } catch let refusal as FieldRefusal {
            form.errors[refusal.field] = refusal.reason
            return try formPage(form, provider: nil, request: request, status: .unprocessableContent)
        } catch StoreError.duplicate(let field) {
            form.errors[field] = Self.duplicateReason(field)
            return try formPage(form, provider: nil, request: request, status: .unprocessableContent)
        }
        return try AdminSection.identityProviders.back(to: provider.id, done: "created")
    }

    // MARK: Edit

    func edit(_ request: Request) throws -> HTTPResponse {
        let provider = try findProvider(request)
        return try formPage(IdentityProviderForm(provider), provider: provider, request: request)
    }

    /// Offloaded. Metadata sent again replaces the entity id, sign-on URL and certificates; the audit event
    /// holds only the fields that changed, and saving the form unchanged records nothing.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let before = try findProvider(request)
        var form = try IdentityProviderForm(request)
        guard let after = form.validated(id: before.id) else {
            return try formPage(form, provider: before, request: request, status: .unprocessableContent)
        }
        do {
            try database.write { db in
                guard after != before else { return }
                try Self.refuseSharedDomains(of: after, db: db)
                try IdentityProviderStore(db).update(after)
                var details = AuditSnapshot.changedFields(
                    before: AuditSnapshot.identityProvider(before), after: AuditSnapshot.identityProvider(after))
                details["name"] = .string(after.name)
                try authentication.audit(
                    "identity_provider.update", actor: admin.user.email, target: after.id, request: request, db: db, details: details)
            }
        } catch let refusal as FieldRefusal {
            form.errors[refusal.field] = refusal.reason
            return try formPage(form, provider: before, request: request, status: .unprocessableContent)
        } catch StoreError.duplicate(let field) {
            form.errors[field] = Self.duplicateReason(field)
            return try formPage(form, provider: before, request: request, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw HTTPError(.notFound, Self.noSuchProvider)
        }
        return try AdminSection.identityProviders.back(to: after.id, done: "updated")
    }

    // MARK: Delete

    func confirmDelete(_ request: Request) throws -> HTTPResponse {
        let provider = try findProvider(request)
        let values: TemplateObject = [
            "provider": [
                "id": provider.id, "name": provider.name, "domains": provider.emailDomains.joined(separator: ", "),
                "hasDomains": !provider.emailDomains.isEmpty,
            ] as TemplateObject
        ]
        return try pages.page(
            "pages/admin-identity-provider-delete", request: request, values.merging(AdminSection.identityProviders.templateValues))
    }

    /// Offloaded. Sign-ins under way through it go with it; users it created and sessions it opened stay.
    func delete(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let provider = try findProvider(request)
        try authentication.recordChange(
            "identity_provider.delete", by: admin, target: provider.id, request: request,
            details: AuditSnapshot.change(before: AuditSnapshot.identityProvider(provider), after: nil)
        ) { db in
            try IdentityProviderStore(db).delete(id: provider.id)
        }
        return try HTTPResponse.redirect(toPath: AdminSection.identityProviders.path + "?done=deleted")
    }

    // MARK: Shared steps

    /// A reason to refuse a change, for the form field it concerns.
    private struct FieldRefusal: Error {
        let field: String
        let reason: String
    }

    /// Refuses a domain another provider already serves: typing an address on the sign-in page must lead
    /// to one provider.
    private static func refuseSharedDomains(of provider: IdentityProvider, db: Connection) throws {
        for other in try IdentityProviderStore(db).list() where other.id != provider.id {
            let theirs = Set(other.emailDomains.map { $0.lowercased() })
            if let shared = provider.emailDomains.first(where: { theirs.contains($0.lowercased()) }) {
                throw FieldRefusal(field: "domains", reason: "\(shared) is already served by \(other.name).")
            }
        }
    }

    private static func duplicateReason(_ field: String) -> String {
        switch field {
        case "key": "Another identity provider has this key."
        case "entity_id": "Another identity provider has this entity ID: it is set up already."
        default: "Another identity provider has this name."
        }
    }

    private func findProvider(_ request: Request) throws -> IdentityProvider {
        guard let id = request.parameters["id"], FieldRules.isIdentifier(id),
            let provider = try database.read({ try IdentityProviderStore($0).find(id: id) })
        else { throw HTTPError(.notFound, Self.noSuchProvider) }
        return provider
    }

    private func formPage(_ form: IdentityProviderForm, provider: IdentityProvider?, request: Request, status: HTTPStatus = .ok)
        throws -> HTTPResponse
    {
        let values: TemplateObject = [
            "isNew": provider == nil, "action": AdminSection.identityProviders.formAction(editing: provider?.id),
            "provider": provider.map { ["id": $0.id, "name": $0.name] as TemplateObject }.templateValue,
            "spPrefix": baseURL + ServiceProviderEndpoints.pathPrefix,
        ]
        return try pages.page(
            "pages/admin-identity-provider-form", request: request,
            values.merging(form.templateValues).merging(AdminSection.identityProviders.templateValues), status: status)
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "created": "The identity provider was created. Give it the values below."
        case "updated": "The identity provider was saved."
        case "deleted": "The identity provider was deleted."
        default: nil
        }
    }
}
