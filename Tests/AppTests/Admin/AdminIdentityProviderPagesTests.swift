import App
import Crypto
import Directory
import Domain
import Foundation
import SAML
import Storage
import TestSupport
import Testing

/// `/admin/identity-providers`: admins add SAML identity providers from their metadata (pasted or uploaded)
/// or by hand, see what to give each one, download Portico's SP metadata, change and delete them.
struct AdminIdentityProviderPagesTests {
    typealias Examples = IdentityProviderExamples
    static let baseURL = "https://portico.example.com"

    /// The new-provider form as a browser sends it untouched, with `changes` made.
    static func form(_ changes: [String: String] = [:]) -> [(String, String)] {
        let entra = IdentityProvider.AttributeMapping.entra
        var fields = [
            "name": "", "key": "", "metadata_xml": "", "entity_id": "", "sso_url": "", "certificates": "", "domains": "",
            "password_sign_in": "on", "attribute_email": entra.email, "attribute_display_name": entra.displayName,
            "attribute_given_name": entra.givenName, "attribute_family_name": entra.familyName, "attribute_groups": "",
        ]
        for (name, value) in changes { fields[name] = value }
        return fields.filter { $0.key != "password_sign_in" || $0.value == "on" }.sorted { $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
    }

    /// Entra ID from its metadata, serving example.com.
    static let entraFields = form([
        "name": "Entra ID", "metadata_xml": Examples.entraMetadata, "domains": "example.com\r\nExample.org",
    ])

    private func providers(_ app: PorticoApp) throws -> [IdentityProvider] {
        try app.database.read { try IdentityProviderStore($0).list() }
    }

    private func create(_ root: Browser, _ fields: [(String, String)]) throws -> TestClient.Response {
        try root.submit("/admin/identity-providers/new", to: "/admin/identity-providers/new", fields)
    }

    /// The provider's id, from the redirect after creating it.
    private func createdID(_ response: TestClient.Response) throws -> String {
        #expect(response.status == 303)
        let location = try #require(response.header("Location"))
        return String(try #require(location.firstMatch(of: /\/admin\/identity-providers\/([0-9a-f-]{36})\?done=created/)).1)
    }

    @Test func nonAdminsGet403AndFormsWithoutTheTokenChangeNothing() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try createdID(try create(root, Self.entraFields))
            let alice = try DirectoryPages.alice(app)
            for path in [
                "/admin/identity-providers", "/admin/identity-providers/new", "/admin/identity-providers/\(id)",
                "/admin/identity-providers/\(id)/edit", "/admin/identity-providers/\(id)/delete",
                "/admin/identity-providers/\(id)/metadata.xml",
            ] {
                #expect(try alice.get(path).status == 403, "\(path)")
            }
            let csrf = try DirectoryPages.csrf(alice)
            let renamed = Self.form(["name": "Mallory", "entity_id": "https://evil.example", "sso_url": "https://evil.example/sso"])
            #expect(try alice.post("/admin/identity-providers/new", [("csrf", csrf)] + renamed).status == 403)
            #expect(try alice.post("/admin/identity-providers/\(id)/edit", [("csrf", csrf)] + renamed).status == 403)
            #expect(try alice.post("/admin/identity-providers/\(id)/delete", [("csrf", csrf)]).status == 403)
            #expect(
                try alice.postMultipart("/admin/identity-providers/new", [("csrf", csrf)] + renamed).status == 403)

            let visitor = Browser(port: app.server.port)
            #expect(try visitor.get("/admin/identity-providers").header("Location") == "/login?return_to=/admin/identity-providers")

            #expect(try root.post("/admin/identity-providers/\(id)/edit", renamed).status == 403)
            #expect(try root.post("/admin/identity-providers/\(id)/delete", [("csrf", "forged")]).status == 403)
            #expect(try providers(app).map(\.name) == ["Entra ID"])
            #expect(try app.auditEvents("identity_provider.update").isEmpty && app.auditEvents("identity_provider.delete").isEmpty)
        }
    }

    @Test func pastedEntraMetadataMakesAProviderWhosePageShowsWhatEntraAsksFor() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let form = try root.get("/admin/identity-providers/new")
            #expect(form.status == 200)
            #expect(form.text.contains(#"enctype="multipart/form-data""#))
            // The claim names start as Entra ID's.
            #expect(form.text.contains(#"value="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress""#))
            #expect(form.text.contains("Create users at their first sign-in") && form.text.contains("AuthnContextClassRef"))

            let id = try createdID(try create(root, Self.entraFields))
            let provider = try #require(try providers(app).first)
            #expect(provider.id == id && provider.name == "Entra ID" && provider.key == "entra-id")
            #expect(provider.entityID == Examples.entraEntityID && provider.singleSignOnURL == Examples.entraSignOnURL)
            #expect(provider.certificates == [Examples.entraCurrent.pem, Examples.entraNext.pem])
            #expect(provider.emailDomains == ["example.com", "example.org"])
            #expect(provider.allowsPasswordSignIn && !provider.createsUsers && !provider.trustsMFA && !provider.allowsIdPInitiatedSignIn)
            #expect(provider.attributes == .entra)

            let page = try root.get("/admin/identity-providers/\(id)?done=created")
            #expect(page.status == 200)
            #expect(page.text.contains("The identity provider was created."))
            for (label, value) in [
                ("Identifier (Entity ID)", "https://portico.example.com/saml/sp/entra-id"),
                ("Reply URL (Assertion Consumer Service URL)", "https://portico.example.com/saml/sp/entra-id/acs"),
                ("Sign on URL", "https://portico.example.com/saml/sp/entra-id/login"),
                ("Logout URL", "https://portico.example.com/saml/sp/entra-id/logout"),
            ] {
                let fields = page.text.matches(
                    of: /<label for="[a-z-]+">([^<]+)<\/label>\s*<input id="[a-z-]+" type="text" value="([^"]*)" readonly/)
                let field = try #require(fields.first { $0.1 == label }, "\(label)")
                #expect(field.2 == value, "\(label)")
            }
            #expect(page.text.contains(#"href="/admin/identity-providers/\#(id)/metadata.xml""#))
            // The certificates by fingerprint, thumbprint and validity; the one only in the WS-Fed parts is not there.
            for certificate in [Examples.entraCurrent, Examples.entraNext] {
                #expect(page.text.contains(certificate.sha256) && page.text.contains(certificate.sha1))
            }
            #expect(page.text.contains("2028-03-01 09:30 UTC") && page.text.contains("2029-11-02 08:00 UTC"))
            #expect(!page.text.contains(Examples.expired.sha1))
            #expect(page.text.contains("Microsoft Azure Federated SSO Certificate"))

            let events = try app.auditEvents("identity_provider.create")
            #expect(events.count == 1 && events.first?.target == id)
            let details = try #require(events.first?.details)
            #expect(details.contains(Examples.entraCurrent.sha256) && details.contains(Examples.entraNext.sha256))
            #expect(details.contains(Examples.entraEntityID) && details.contains("\"domains\":[\"example.com\",\"example.org\"]"))
            #expect(!details.contains("MIIC") && !details.contains("BEGIN CERTIFICATE"))

            let list = try root.get("/admin/identity-providers")
            #expect(list.text.contains(#"<a href="/admin/identity-providers/\#(id)">Entra ID</a>"#))
            #expect(list.text.contains("<code>entra-id</code>") && list.text.contains(Examples.entraEntityID))
            #expect(list.text.contains("example.com, example.org") && list.text.contains("passwords too"))
        }
    }

    @Test func anUploadedMetadataFileIsReadAndTheOptionsAreStored() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let csrf = try DirectoryPages.csrf(root, "/admin/identity-providers/new")
            var fields = Self.form([
                "name": "Keycloak", "key": "kc", "domains": "example.net", "attribute_groups": "groups",
                "idp_initiated": "on", "create_users": "on", "trust_idp_mfa": "on", "encrypt_assertions": "on",
            ]).filter { $0.0 != "password_sign_in" }
            // Typed values are replaced by what the metadata says.
            fields = fields.map { $0.0 == "entity_id" ? ($0.0, "https://typed.example.com") : $0 }
            let created = try root.postMultipart(
                "/admin/identity-providers/new", [("csrf", csrf)] + fields,
                files: [(name: "metadata_file", filename: "descriptor.xml", content: Examples.keycloakMetadata)])
            let id = try createdID(created)
            let provider = try #require(try providers(app).first)
            #expect(provider.id == id && provider.key == "kc")
            #expect(provider.entityID == Examples.keycloakEntityID && provider.singleSignOnURL == Examples.keycloakSignOnURL)
            #expect(provider.certificates == [Examples.keycloak.pem])
            #expect(!provider.allowsPasswordSignIn && provider.allowsIdPInitiatedSignIn && provider.createsUsers)
            #expect(provider.trustsMFA && provider.encryptsAssertions && provider.attributes.groups == "groups")

            // Encrypted: the page and the SP metadata offer Portico's certificate.
            let portico = TestSigningKey.credentials.certificate
            let page = try root.get("/admin/identity-providers/\(id)")
            #expect(page.text.contains("Portico's encryption certificate") && page.text.contains(portico.sha256Fingerprint))
            #expect(page.text.contains("https://portico.example.com/saml/sp/kc/acs"))
            let metadata = try root.get("/admin/identity-providers/\(id)/metadata.xml")
            #expect(metadata.status == 200)
            #expect(metadata.header("Content-Type") == "application/samlmetadata+xml")
            #expect(metadata.header("Content-Disposition") == #"attachment; filename="portico-sp-kc.xml""#)
            #expect(metadata.text.contains(#"entityID="https://portico.example.com/saml/sp/kc""#))
            #expect(metadata.text.contains(#"Location="https://portico.example.com/saml/sp/kc/acs" index="0" isDefault="true""#))
            #expect(metadata.text.contains(#"<md:KeyDescriptor use="encryption">"#) && metadata.text.contains(portico.base64DER))
        }
    }

    @Test func editingChangesFieldsAndMetadataAgainReplacesTheCertificates() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            // By hand first: the current certificate only.
            let byHand = Self.form([
                "name": "Entra ID", "key": "entra", "entity_id": Examples.entraEntityID, "sso_url": Examples.entraSignOnURL,
                "certificates": Examples.entraCurrent.pem.replacingOccurrences(of: "\n", with: "\r\n"), "domains": "example.com",
            ])
            let id = try createdID(try create(root, byHand))
            #expect(try providers(app).first?.certificates == [Examples.entraCurrent.pem])

            let edit = try root.get("/admin/identity-providers/\(id)/edit")
            #expect(edit.status == 200)
            #expect(edit.text.contains(#"value="entra""#) && edit.text.contains(Examples.entraEntityID))
            #expect(edit.text.contains(Examples.entraCurrent.pem.prefix(80)))

            // Saved unchanged: nothing recorded.
            let unchanged = IdentityProviderFormFields.from(edit.text)
            let same = try root.submit("/admin/identity-providers/\(id)/edit", to: "/admin/identity-providers/\(id)/edit", unchanged)
            #expect(same.status == 303)
            #expect(try app.auditEvents("identity_provider.update").isEmpty)

            var changed = Dictionary(uniqueKeysWithValues: unchanged.map { ($0.0, $0.1) })
            changed["metadata_xml"] = Examples.entraMetadata
            changed["domains"] = "example.com\nexample.org"
            changed["trust_idp_mfa"] = "on"
            let updated = try root.submit(
                "/admin/identity-providers/\(id)/edit", to: "/admin/identity-providers/\(id)/edit",
                changed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            #expect(updated.status == 303)
            #expect(updated.header("Location") == "/admin/identity-providers/\(id)?done=updated")
            let provider = try #require(try providers(app).first)
            #expect(provider.certificates == [Examples.entraCurrent.pem, Examples.entraNext.pem])
            #expect(provider.emailDomains == ["example.com", "example.org"] && provider.trustsMFA && provider.key == "entra")

            let updates = try app.auditEvents("identity_provider.update")
            #expect(updates.count == 1)
            let details = try DirectoryPages.details(updates[0])
            let after = try #require(details["after"] as? [String: Any])
            #expect(Set(after.keys) == ["certificates", "domains", "trust_idp_mfa"])
            #expect(after["certificates"] as? [String] == [Examples.entraCurrent.sha256, Examples.entraNext.sha256])
            #expect((details["before"] as? [String: Any])?["certificates"] as? [String] == [Examples.entraCurrent.sha256])
            #expect(details["name"] as? String == "Entra ID")
        }
    }

    @Test func metadataThatCannotBeReadIsExplainedAndNothingIsStored() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let serviceProvider = ServiceProviderMetadata(endpoints: ServiceProviderEndpoints(baseURL: Self.baseURL, key: "x")).xml
            let doctype = Examples.keycloakMetadata.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n")
            let postOnly = Examples.keycloakMetadata.replacingOccurrences(of: "bindings:HTTP-Redirect", with: "bindings:HTTP-Artifact")
            for (metadata, reason) in [
                ("<html><body>Sign in</body></html>", "This is not SAML metadata: its root element is html"),
                (doctype, "The metadata has a DOCTYPE, which Portico refuses"),
                (serviceProvider, "The metadata has no IDPSSODescriptor for SAML 2.0"),
                (postOnly, "The IDPSSODescriptor has no HTTP-Redirect SingleSignOnService"),
                (String(Examples.entraMetadata.dropLast(40)), "The metadata is not well-formed XML."),
            ] {
                let refused = try create(root, Self.form(["name": "Broken", "metadata_xml": metadata]))
                #expect(refused.status == 422, "\(reason)")
                #expect(refused.text.contains("Nothing was saved"))
                #expect(refused.text.contains(#"<p class="field-error" id="metadata-error" role="alert">"# + reason), "\(reason)")
                // The name is kept; the pasted text is shown again to be corrected.
                #expect(refused.text.contains(#"value="Broken""#))
                #expect(refused.text.contains("&lt;html&gt;") || !metadata.hasPrefix("<html>"))
            }
            let uploaded = try root.postMultipart(
                "/admin/identity-providers/new", [("csrf", try DirectoryPages.csrf(root))] + Self.form(["name": "Broken"]),
                files: [(name: "metadata_file", filename: "sp.xml", content: serviceProvider)])
            #expect(uploaded.status == 422)
            #expect(uploaded.text.contains("The metadata file cannot be used. The metadata has no IDPSSODescriptor"))
            #expect(try providers(app).isEmpty)
            #expect(try app.auditEvents("identity_provider.create").isEmpty)
        }
    }

    @Test func typedValuesAreCheckedBesideTheirFields() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            _ = try createdID(try create(root, Self.entraFields))
            let refused = try create(
                root,
                Self.form([
                    "name": "Okta", "entity_id": Examples.entraEntityID, "sso_url": "javascript:alert(1)",
                    "certificates": "MIIC9DCCAdygAwIBAgIU", "domains": "EXAMPLE.org", "attribute_email": "",
                ]))
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"<p class="field-error" id="sso-url-error">Sign-on URL must be an http(s) URL"#))
            #expect(refused.text.contains(#"<p class="field-error" id="certificates-error">Paste PEM certificates"#))
            #expect(refused.text.contains(#"<p class="field-error" id="attribute-email-error">The email claim must not be empty.</p>"#))
            #expect(refused.text.contains(#"value="javascript:alert(1)""#))

            let sharedDomain = try create(
                root,
                Self.form([
                    "name": "Okta", "entity_id": "https://okta.example.com", "sso_url": "https://okta.example.com/sso",
                    "certificates": Examples.keycloak.pem, "domains": "EXAMPLE.org",
                ]))
            #expect(sharedDomain.status == 422)
            #expect(
                sharedDomain.text.contains(
                    #"<p class="field-error" id="email-domains-error">example.org is already served by Entra ID.</p>"#))
            let sameEntity = try create(
                root,
                Self.form(["name": "Entra again", "metadata_xml": Examples.entraMetadata]))
            #expect(sameEntity.status == 422)
            #expect(sameEntity.text.contains("Another identity provider has this entity ID"))
            #expect(try providers(app).count == 1)
        }
    }

    @Test func deletingAsksFirstThenDeletesAndRecordsIt() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try createdID(try create(root, Self.entraFields))
            let confirmation = try root.get("/admin/identity-providers/\(id)/delete")
            #expect(confirmation.status == 200)
            #expect(confirmation.text.contains("Delete Entra ID?") && confirmation.text.contains("example.com, example.org"))
            #expect(try providers(app).count == 1)
            let deleted = try root.submit(
                "/admin/identity-providers/\(id)/delete", to: "/admin/identity-providers/\(id)/delete", [])
            #expect(deleted.status == 303)
            #expect(deleted.header("Location") == "/admin/identity-providers?done=deleted")
            #expect(try providers(app).isEmpty)
            #expect(try root.get("/admin/identity-providers/\(id)").status == 404)
            #expect(try root.get("/admin/identity-providers?done=deleted").text.contains("The identity provider was deleted."))
            let deletions = try app.auditEvents("identity_provider.delete")
            #expect(deletions.count == 1 && deletions.first?.target == id)
            #expect(deletions.first?.details.contains(Examples.entraNext.sha256) == true)
            #expect(deletions.first?.details.contains("MIIC") == false)
        }
    }

    /// What the form stores, the directory file exports and applies again unchanged, and the other way round.
    @Test func aProviderMadeOnThePageRoundTripsThroughTheDirectoryFile() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let id = try createdID(
                try create(root, Self.form(["name": "Entra ID", "metadata_xml": Examples.entraMetadata, "trust_idp_mfa": "on"])))
            let exported = try DirectorySync.export(from: app.database)
            #expect(exported.contains(#""key" : "entra-id""#) && exported.contains(#""trust_idp_mfa" : true"#))
            #expect(try app.apply(exported).changes.isEmpty)
            #expect(try providers(app).first?.id == id)

            // A certificate dropped in the file is gone from the page.
            let file = """
                {"identity_providers": [{"name": "Entra ID", "key": "entra-id", "entity_id": "\(Examples.entraEntityID)",
                  "sso_url": "\(Examples.entraSignOnURL)", "certificates": [\(Self.json(Examples.entraNext.pem))], "trust_idp_mfa": true}]}
                """
            #expect(
                try app.apply(file).lines == [
                    #"update identity provider "Entra ID": certificates -\#(Examples.entraCurrent.sha256.prefix(80))…"#
                ])
            let page = try root.get("/admin/identity-providers/\(id)")
            #expect(!page.text.contains(Examples.entraCurrent.sha1) && page.text.contains(Examples.entraNext.sha1))
        }
    }

    private static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }
}

/// The fields of the identity provider form as a page shows them, as a browser would send them back.
enum IdentityProviderFormFields {
    static func from(_ html: String) -> [(String, String)] {
        var fields: [(String, String)] = []
        for match in html.matches(of: /<input id="[^"]+" name="([a-z_]+)" type="(?:text|url)" value="([^"]*)"/) {
            fields.append((String(match.1), unescape(String(match.2))))
        }
        for match in html.matches(of: /<textarea id="[^"]+" name="([a-z_]+)"[^>]*>([^<]*)<\/textarea>/) {
            fields.append((String(match.1), unescape(String(match.2))))
        }
        for match in html.matches(of: /<input type="checkbox" name="([a-z_]+)"[^>]*?( checked)?>/) where match.2 != nil {
            fields.append((String(match.1), "on"))
        }
        return fields
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
