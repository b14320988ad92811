import Crypto
import Domain
import JSON

extension DirectoryFile {
    /// A SAML identity provider people sign in through (`identity_providers`), matched by `name`.
    package struct IdentityProviderEntry: Hashable, Sendable {
        package var name: String
        /// Nil keeps an existing provider's key and gives a new one `IdentityProvider.suggestedKey(forName:)`:
        /// the key is in every address pasted into the identity provider, so it never changes unless named.
        package var key: String?
        package var entityID: String
        package var singleSignOnURL: String
        /// PEM, each as `X509Certificate.pem` writes it, so that line breaks are not a change.
        package var certificates: [String]
        /// Lowercase.
        package var emailDomains: [String] = []
        package var allowsPasswordSignIn = true
        package var attributes = IdentityProvider.AttributeMapping.entra
        package var allowsIdPInitiatedSignIn = false
        package var createsUsers = false
        package var trustsMFA = false
        package var encryptsAssertions = false

        package init(name: String, key: String?, entityID: String, singleSignOnURL: String, certificates: [String]) {
            self.name = name
            self.key = key
            self.entityID = entityID
            self.singleSignOnURL = singleSignOnURL
            self.certificates = certificates
        }

        /// The entry for a stored provider, as `portico export` writes it.
        package init(_ provider: IdentityProvider) {
            self.init(
                name: provider.name, key: provider.key, entityID: provider.entityID, singleSignOnURL: provider.singleSignOnURL,
                certificates: provider.certificates)
            emailDomains = provider.emailDomains
            allowsPasswordSignIn = provider.allowsPasswordSignIn
            attributes = provider.attributes
            allowsIdPInitiatedSignIn = provider.allowsIdPInitiatedSignIn
            createsUsers = provider.createsUsers
            trustsMFA = provider.trustsMFA
            encryptsAssertions = provider.encryptsAssertions
        }

        /// The provider the entry describes, with `id` and `key` (the entry's own key when it names one).
        package func provider(id: String, key fallbackKey: String) -> IdentityProvider {
            IdentityProvider(
                id: id, key: key ?? fallbackKey, name: name, entityID: entityID, singleSignOnURL: singleSignOnURL,
                certificates: certificates, emailDomains: emailDomains, allowsPasswordSignIn: allowsPasswordSignIn,
                attributes: attributes, allowsIdPInitiatedSignIn: allowsIdPInitiatedSignIn, createsUsers: createsUsers,
                trustsMFA: trustsMFA, encryptsAssertions: encryptsAssertions)
        }

        /// The fields as audit events and plan lines show them: certificates by SHA-256 fingerprint, since a
        /// certificate is a kilobyte and a half of base64 that nobody reads, and its fingerprint names it.
        package var auditFields: [(String, JSONNode)] {
            fields.map { name, value in
                name == "certificates" ? (name, .strings(certificates.map(Self.fingerprint))) : (name, value)
            }
        }

        /// The certificate's SHA-256 fingerprint; for text that is no certificate, the SHA-256 of the text.
        static func fingerprint(_ pem: String) -> String {
            (try? X509Certificate(pem: pem))?.sha256Fingerprint ?? "text:" + SHA256.hexHash(Array(pem.utf8))
        }
    }
}

extension IdentityProvider.AttributeMapping {
    /// As the file's `attributes` object spells it; `groups` only when mapped.
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [
            ("email", .string(email)), ("display_name", .string(displayName)), ("given_name", .string(givenName)),
            ("family_name", .string(familyName)),
        ]
        if let groups { fields.append(("groups", .string(groups))) }
        return fields
    }
}

extension DirectoryFile.IdentityProviderEntry {
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [("name", .string(name))]
        if let key { fields.append(("key", .string(key))) }
        fields += [
            ("entity_id", .string(entityID)), ("sso_url", .string(singleSignOnURL)), ("certificates", .strings(certificates)),
            ("domains", .strings(emailDomains)), ("password_sign_in", .bool(allowsPasswordSignIn)),
            ("attributes", .object(Dictionary(uniqueKeysWithValues: attributes.fields))),
            ("idp_initiated", .bool(allowsIdPInitiatedSignIn)), ("create_users", .bool(createsUsers)), ("trust_idp_mfa", .bool(trustsMFA)),
            ("encrypt_assertions", .bool(encryptsAssertions)),
        ]
        return fields
    }
}
