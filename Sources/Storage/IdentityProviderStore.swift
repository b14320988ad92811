import Domain
import JSON
import SQLite

/// SAML identity providers, read and written inside the caller's transaction.
package struct IdentityProviderStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    private static let columns = """
        id, key, name, entity_id, sso_url, certificates, email_domains, allows_password_sign_in, attributes, allows_idp_initiated,
        creates_users, trusts_mfa, encrypts_assertions
        """

    /// Stores a new identity provider; throws `ValidationErrors`, or `StoreError.duplicate` naming the
    /// clashing field (`key`, `name`, `entity_id`).
    package func create(_ provider: IdentityProvider) throws {
        try ValidationErrors.check(provider.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                "INSERT INTO identity_providers (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [provider.id] + (try values(of: provider)))
        }
    }

    package func update(_ provider: IdentityProvider) throws {
        try ValidationErrors.check(provider.validate())
        try StoreError.mappingDuplicate {
            try db.execute(
                """
                UPDATE identity_providers SET key = ?, name = ?, entity_id = ?, sso_url = ?, certificates = ?, email_domains = ?,
                    allows_password_sign_in = ?, attributes = ?, allows_idp_initiated = ?, creates_users = ?, trusts_mfa = ?,
                    encrypts_assertions = ?
                WHERE id = ?
                """, (try values(of: provider)) + [provider.id])
        }
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func delete(id: String) throws {
        try db.execute("DELETE FROM identity_providers WHERE id = ?", [id])
        guard db.changes == 1 else { throw StoreError.notFound }
    }

    package func find(id: String) throws -> IdentityProvider? {
        try db.queryOne("SELECT \(Self.columns) FROM identity_providers WHERE id = ?", [id]).map(Self.provider)
    }

    package func find(key: String) throws -> IdentityProvider? {
        try db.queryOne("SELECT \(Self.columns) FROM identity_providers WHERE key = ?", [key]).map(Self.provider)
    }

    /// Every identity provider, by name.
    package func list() throws -> [IdentityProvider] {
        try db.query("SELECT \(Self.columns) FROM identity_providers ORDER BY name COLLATE NOCASE").map(Self.provider)
    }

    /// The identity provider serving `email`'s domain, if one does.
    package func serving(email: String) throws -> IdentityProvider? {
        try list().first { $0.serves(email: email) }
    }

    // MARK: Rows

    private func values(of provider: IdentityProvider) throws -> [(any DatabaseValueConvertible)?] {
        let mapping = provider.attributes
        var attributes: [String: JSONNode] = [
            "email": .string(mapping.email), "display_name": .string(mapping.displayName), "given_name": .string(mapping.givenName),
            "family_name": .string(mapping.familyName),
        ]
        if let groups = mapping.groups { attributes["groups"] = .string(groups) }
        return [
            provider.key, provider.name, provider.entityID, provider.singleSignOnURL, JSONNode.strings(provider.certificates).text(),
            JSONNode.strings(provider.emailDomains).text(), provider.allowsPasswordSignIn, JSONNode.object(attributes).text(),
            provider.allowsIdPInitiatedSignIn, provider.createsUsers, provider.trustsMFA, provider.encryptsAssertions,
        ]
    }

    private static func provider(_ row: Row) throws -> IdentityProvider {
        let attributes = try JSONNode.parse(Array((try row["attributes"] as String).utf8))
        func claim(_ name: String) -> String? {
            if case .object(let fields) = attributes, case .string(let value)? = fields[name] { return value }
            return nil
        }
        let fallback = IdentityProvider.AttributeMapping.entra
        return IdentityProvider(
            id: try row["id"], key: try row["key"], name: try row["name"], entityID: try row["entity_id"],
            singleSignOnURL: try row["sso_url"], certificates: try strings(row["certificates"]),
            emailDomains: try strings(row["email_domains"]), allowsPasswordSignIn: try row["allows_password_sign_in"],
            attributes: IdentityProvider.AttributeMapping(
                email: claim("email") ?? fallback.email, displayName: claim("display_name") ?? fallback.displayName,
                givenName: claim("given_name") ?? fallback.givenName, familyName: claim("family_name") ?? fallback.familyName,
                groups: claim("groups")),
            allowsIdPInitiatedSignIn: try row["allows_idp_initiated"], createsUsers: try row["creates_users"],
            trustsMFA: try row["trusts_mfa"], encryptsAssertions: try row["encrypts_assertions"])
    }

    private static func strings(_ text: String) throws -> [String] {
        guard case .array(let items) = try JSONNode.parse(Array(text.utf8)) else { return [] }
        return items.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }
}
