import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// The directory file's `identity_providers` section: applied, exported, and refused with JSON paths.
struct IdentityProviderSectionTests {
    typealias Examples = IdentityProviderExamples

    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("apply-idp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    @discardableResult
    private func apply(_ text: String, to database: Database) throws -> [String] {
        let plan = try DirectorySync.apply(Array(text.utf8), to: database, clock: .system)
        return plan.lines + [plan.summary(dryRun: false)]
    }

    private func providers(_ database: Database) throws -> [IdentityProvider] {
        try database.read { try IdentityProviderStore($0).list() }
    }

    /// A JSON string literal of `text`.
    private static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    /// Entra ID with one certificate, its key left to its name, two claims named and the rest Entra's.
    static let entra = """
        {"identity_providers": [
          {"name": "Entra ID", "entity_id": "\(Examples.entraEntityID)", "sso_url": "\(Examples.entraSignOnURL)",
           "certificates": [\(json(Examples.entraCurrent.pem))], "domains": ["Example.com", "example.org"],
           "password_sign_in": false,
           "attributes": {"display_name": "name", "groups": "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"},
           "idp_initiated": true, "trust_idp_mfa": true}
        ]}
        """

    @Test func createsAProviderWithItsKeyMadeFromItsNameAndEntraDefaults() throws {
        try withDatabase { database in
            #expect(try apply(Self.entra, to: database) == [#"create identity provider "Entra ID""#, "1 change applied"])
            let provider = try #require(try providers(database).first)
            #expect(provider.key == "entra-id")
            #expect(provider.entityID == Examples.entraEntityID && provider.singleSignOnURL == Examples.entraSignOnURL)
            #expect(provider.certificates == [Examples.entraCurrent.pem])
            #expect(provider.emailDomains == ["example.com", "example.org"])
            #expect(!provider.allowsPasswordSignIn && provider.allowsIdPInitiatedSignIn && provider.trustsMFA)
            #expect(!provider.createsUsers && !provider.encryptsAssertions)
            let entra = IdentityProvider.AttributeMapping.entra
            #expect(
                provider.attributes
                    == .init(
                        email: entra.email, displayName: "name", givenName: entra.givenName, familyName: entra.familyName,
                        groups: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"))
            try database.read { (db: Connection) throws -> Void in
                let event = try #require(try AuditStore(db).list(limit: 10).items.first)
                #expect(event.action == "identity_provider.create" && event.actor == "apply" && event.target == "\"Entra ID\"")
                // Named by fingerprint, never written out.
                #expect(event.details.contains(Examples.entraCurrent.sha256))
                #expect(!event.details.contains("MIIC"))
            }
        }
    }

    /// SPEC §8's shape: the federation metadata as a string, read into the same three values, which is
    /// what an export then writes.
    @Test func theSpecsMetadataXMLGivesEntityIDSignOnURLAndEveryCertificate() throws {
        try withDatabase { database in
            let file = """
                {"identity_providers": [
                  {"name": "Entra ID", "metadata_xml": \(Self.json(Examples.entraMetadata)), "domains": ["example.com"],
                   "idp_initiated": true, "create_users": false, "trust_idp_mfa": true, "password_sign_in": false}
                ]}
                """
            try apply(file, to: database)
            let provider = try #require(try providers(database).first)
            #expect(provider.entityID == Examples.entraEntityID && provider.singleSignOnURL == Examples.entraSignOnURL)
            #expect(provider.certificates.count == 2 && provider.trustsMFA && !provider.allowsPasswordSignIn)
            #expect(try apply(try DirectorySync.export(from: database), to: database) == ["no changes"])
            let both = """
                {"identity_providers": [{"name": "Entra ID", "metadata_xml": "<x/>", "entity_id": "https://idp.example"}]}
                """
            let refused = #expect(throws: DirectoryFileError.Invalid.self) { try apply(both, to: database) }
            #expect(refused?.errors.map(\.path).contains("$.identity_providers[0].metadata_xml") == true)
        }
    }

    @Test func exportThenApplyChangesNothing() throws {
        try withDatabase { database in
            let keycloak = Self.provider("Keycloak", key: "kc", entityID: Examples.keycloakEntityID, domains: ["example.net"])
            let both = Self.entra.replacingOccurrences(of: "\n]}", with: ",\n\(keycloak)\n]}")
            #expect(
                try apply(both, to: database) == [
                    #"create identity provider "Entra ID""#, "create identity provider Keycloak", "2 changes applied",
                ])
            let exported = try DirectorySync.export(from: database)
            #expect(exported.contains(#""identity_providers" : ["#))
            #expect(exported.contains(#""key" : "entra-id""#) && exported.contains(#""key" : "kc""#))
            #expect(exported.contains(#""sso_url" : "\#(Examples.entraSignOnURL)""#))
            #expect(exported.contains(#""trust_idp_mfa" : true"#) && exported.contains(#""encrypt_assertions" : false"#))
            #expect(try apply(exported, to: database) == ["no changes"])
            #expect(try DirectorySync.export(from: database) == exported)
        }
    }

    @Test func anEmptyDirectoryExportsAnEmptySectionThatAppliesAsNothing() throws {
        try withDatabase { database in
            let exported = try DirectorySync.export(from: database)
            #expect(try DirectoryFile.parse(Array(exported.utf8)).identityProviders == [])
            #expect(try apply(exported, to: database) == ["no changes"])
        }
    }

    @Test func certificatesCompareAsCertificatesNotAsText() throws {
        try withDatabase { database in
            try apply(Self.entra, to: database)
            // One long line and CRLF, as a Windows editor might leave it.
            let oneLine = "-----BEGIN CERTIFICATE-----\r\n\(Examples.entraCurrent.base64)\r\n-----END CERTIFICATE-----"
            let rewrapped = Self.entra.replacingOccurrences(of: Self.json(Examples.entraCurrent.pem), with: Self.json(oneLine))
            #expect(rewrapped != Self.entra)
            #expect(try apply(rewrapped, to: database) == ["no changes"])
        }
    }

    @Test func updatesShowChangedFieldsAndCertificatesByFingerprint() throws {
        try withDatabase { database in
            try apply(Self.entra, to: database)
            let rotated = Self.entra.replacingOccurrences(
                of: "[\(Self.json(Examples.entraCurrent.pem))]",
                with: "[\(Self.json(Examples.entraCurrent.pem)), \(Self.json(Examples.entraNext.pem))]"
            ).replacingOccurrences(of: #""trust_idp_mfa": true"#, with: #""trust_idp_mfa": false, "key": "entra""#)
            let lines = try apply(rotated, to: database)
            #expect(lines.count == 2 && lines.last == "1 change applied")
            #expect(lines[0].hasPrefix(#"update identity provider "Entra ID": key entra-id → entra, certificates +D6:F7:FC:52"#))
            #expect(lines[0].hasSuffix("trust_idp_mfa true → false"))
            let provider = try #require(try providers(database).first)
            #expect(provider.key == "entra" && provider.certificates == [Examples.entraCurrent.pem, Examples.entraNext.pem])
            try database.read { (db: Connection) throws -> Void in
                let update = try #require(try AuditStore(db).list(limit: 10).items.first { $0.action == "identity_provider.update" })
                #expect(update.details.contains(Examples.entraNext.sha256) && !update.details.contains("MIIC"))
            }
            // Left out, the key stays what it is rather than returning to the one made from the name.
            #expect(try apply(rotated.replacingOccurrences(of: #", "key": "entra""#, with: ""), to: database) == ["no changes"])
        }
    }

    @Test func aRenamedProviderIsReplacedAndMayKeepItsKeyEntityIDAndDomains() throws {
        try withDatabase { database in
            try apply(
                Self.entra.replacingOccurrences(of: #""name": "Entra ID","#, with: #""name": "Entra ID", "key": "entra","#), to: database)
            let renamed = Self.entra.replacingOccurrences(of: #""name": "Entra ID","#, with: #""name": "Contoso", "key": "entra","#)
            #expect(
                try apply(renamed, to: database) == [
                    #"delete identity provider "Entra ID""#, "create identity provider Contoso", "2 changes applied",
                ])
            #expect(try providers(database).map(\.name) == ["Contoso"])
        }
    }

    @Test func anAbsentSectionLeavesProvidersAloneAndAnEmptyOneDeletesThem() throws {
        try withDatabase { database in
            try apply(Self.entra, to: database)
            #expect(try apply(#"{"users": []}"#, to: database) == ["no changes"])
            #expect(
                try apply(#"{"identity_providers": []}"#, to: database) == [#"delete identity provider "Entra ID""#, "1 change applied"])
            #expect(try providers(database).isEmpty)
        }
    }

    @Test func invalidProvidersAreReportedByJSONPathAndChangeNothing() throws {
        try withDatabase { database in
            try apply(Self.entra, to: database)
            let before = try DirectorySync.export(from: database)
            let cert = Self.json(Examples.keycloak.pem)
            let text = """
                {"identity_providers": [
                  {"name": "Entra ID", "entity_id": "\(Examples.entraEntityID)", "sso_url": "ftp://login.example.com",
                   "certificates": ["MIIC not pem", \(Self.json(Examples.entraCurrent.pem + Examples.entraNext.pem))],
                   "domains": ["example.com"], "attributes": {"mail": "x", "email": ""}},
                  {"name": "Okta", "entity_id": "\(Examples.entraEntityID)", "sso_url": "https://okta.example.com/sso",
                   "certificates": [\(cert)], "domains": ["EXAMPLE.com", "not a domain"], "create_users": "yes"},
                  {"name": "Keycloak", "entity_id": "https://k.example.com", "sso_url": "https://k.example.com/sso", "certificates": []}
                ]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError(
                        "$.identity_providers[0].certificates[0]", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)"),
                    DirectoryFileError("$.identity_providers[0].certificates[1]", "must hold one certificate, not 2"),
                    DirectoryFileError("$.identity_providers[0].attributes.mail", "unknown field"),
                    DirectoryFileError("$.identity_providers[0].sso_url", "must be an http(s) URL of at most 2048 characters"),
                    DirectoryFileError("$.identity_providers[0].attributes.email", "must not be empty"),
                    DirectoryFileError("$.identity_providers[1].create_users", "must be true or false"),
                    DirectoryFileError("$.identity_providers[1].domains", "not a domain is not a domain such as example.com"),
                    DirectoryFileError("$.identity_providers[2].certificates", "needs at least one signing certificate"),
                ])
            ) { try apply(text, to: database) }
            #expect(try DirectorySync.export(from: database) == before)
        }
    }

    /// A valid provider entry with the keycloak certificate.
    private static func provider(_ name: String, key: String? = nil, entityID: String, domains: [String] = []) -> String {
        let keyField = key.map { #""key": "\#($0)", "# } ?? ""
        let domainList = domains.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"name": "\(name)", \(keyField)"entity_id": "\(entityID)", "sso_url": "https://idp.example.com/sso",
             "certificates": [\(json(Examples.keycloak.pem))], "domains": [\(domainList)]}
            """
    }

    @Test func keysEntityIDsAndDomainsNameOneProviderEach() throws {
        try withDatabase { database throws in
            let text = """
                {"identity_providers": [
                  \(Self.provider("Entra ID", entityID: "https://a.example.com", domains: ["example.com"])),
                  \(Self.provider("Entra  ID!", entityID: "https://b.example.com")),
                  \(Self.provider("Okta", key: "okta", entityID: "https://a.example.com", domains: ["example.org", "example.com"])),
                  \(Self.provider("Okta 2", key: "okta", entityID: "https://c.example.com")),
                  \(Self.provider("社内", entityID: "https://d.example.com")),
                  \(Self.provider("Okta", key: "okta-too", entityID: "https://e.example.com"))
                ]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError(
                        "$.identity_providers[1].key", "entra-id (made from its name) is also the key of $.identity_providers[0]"),
                    DirectoryFileError("$.identity_providers[2].entity_id", "is also the entity_id of $.identity_providers[0]"),
                    DirectoryFileError("$.identity_providers[2].domains[1]", "example.com is also served by $.identity_providers[0]"),
                    DirectoryFileError("$.identity_providers[3].key", "is also the key of $.identity_providers[2]"),
                    DirectoryFileError("$.identity_providers[4].key", "is required: the name has no letter or digit to make one of"),
                    DirectoryFileError("$.identity_providers[5].name", "duplicates $.identity_providers[2]"),
                ])
            ) { try apply(text, to: database) }
            #expect(try providers(database).isEmpty)
        }
    }
}
