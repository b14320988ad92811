import Crypto
import Domain
import SAML
import TemplateEngine
import Web

/// The identity provider form (create and edit): the provider's own values by hand or from its metadata,
/// and what Portico does with its sign-ins.
///
/// Metadata (a file chosen, which wins, or text pasted) fills the entity id, the sign-on address and the
/// certificates, replacing what those fields held; the page then shows the values it read in those fields,
/// so a form sent back for another reason does not read the metadata twice. Metadata that cannot be read
/// is a reason beside its field, and nothing is stored. Sent as `multipart/form-data` by the page (it has
/// a file input) or urlencoded.
struct IdentityProviderForm {
    /// The largest request: metadata at its limit, percent-encoded in a pasted field, with the rest.
    static let maxBodySize = 4 * IdentityProviderMetadataReader.maximumSize

    static let labels = [
        "name": "Name", "key": "Key", "entity_id": "Entity ID", "sso_url": "Sign-on URL", "certificates": "Certificates",
        "domains": "Email domains", "attribute_email": "The email claim", "attribute_display_name": "The display name claim",
        "attribute_given_name": "The given name claim", "attribute_family_name": "The family name claim",
        "attribute_groups": "The groups claim",
    ]

    var name = ""
    /// Empty: made from the name.
    var key = ""
    var entityID = ""
    var singleSignOnURL = ""
    /// PEM certificates one after another.
    var certificates = ""
    /// One domain a line (commas and spaces separate too).
    var emailDomains = ""
    var allowsPasswordSignIn = true
    var attributeEmail = IdentityProvider.AttributeMapping.entra.email
    var attributeDisplayName = IdentityProvider.AttributeMapping.entra.displayName
    var attributeGivenName = IdentityProvider.AttributeMapping.entra.givenName
    var attributeFamilyName = IdentityProvider.AttributeMapping.entra.familyName
    var attributeGroups = ""
    var allowsIdPInitiatedSignIn = false
    var createsUsers = false
    var trustsMFA = false
    var encryptsAssertions = false
    /// Pasted metadata not read yet (or that could not be read, shown again to be corrected).
    var metadataXML = ""
    /// The metadata file's content, when one was chosen.
    private var metadataFile: String?
    /// What reading the metadata filled in, for the page to say.
    var metadataNote: String?
    var errors = FormErrors()

    init() {}

    /// The form filled with a stored provider, for editing.
    init(_ provider: IdentityProvider) {
        name = provider.name
        key = provider.key
        entityID = provider.entityID
        singleSignOnURL = provider.singleSignOnURL
        certificates = provider.certificates.joined()
        emailDomains = provider.emailDomains.joined(separator: "\n")
        allowsPasswordSignIn = provider.allowsPasswordSignIn
        attributeEmail = provider.attributes.email
        attributeDisplayName = provider.attributes.displayName
        attributeGivenName = provider.attributes.givenName
        attributeFamilyName = provider.attributes.familyName
        attributeGroups = provider.attributes.groups ?? ""
        allowsIdPInitiatedSignIn = provider.allowsIdPInitiatedSignIn
        createsUsers = provider.createsUsers
        trustsMFA = provider.trustsMFA
        encryptsAssertions = provider.encryptsAssertions
    }

    init(_ request: Request) throws {
        var file: String?
        var fileProblem: String?
        let fields: FormData
        if (request.headers["Content-Type"] ?? "").lowercased().hasPrefix("multipart/") {
            let form = try request.multipartForm(
                limits: MultipartForm.Limits(maxParts: 40, maxPartBytes: IdentityProviderMetadataReader.maximumSize + 1))
            fields = try form.fields()
            if let part = form.file("metadata_file") {
                file = String(validating: part.body, as: UTF8.self) ?? ""
                if file == "" { fileProblem = "The metadata file is empty or not UTF-8 text: download it again and choose it unchanged." }
            }
        } else {
            fields = try request.form(maxFields: 40)
        }
        self.init(fields)
        metadataFile = file
        if let fileProblem { errors["metadata"] = fileProblem }
    }

    /// The typed fields.
    private init(_ form: FormData) {
        func text(_ name: String) -> String { (form[name] ?? "").trimmingWhitespace() }
        func lines(_ name: String) -> String { (form[name] ?? "").replacing("\r\n", with: "\n").trimmingWhitespace() }
        name = text("name")
        key = text("key")
        entityID = text("entity_id")
        singleSignOnURL = text("sso_url")
        certificates = lines("certificates")
        emailDomains = lines("domains")
        allowsPasswordSignIn = form.contains("password_sign_in")
        attributeEmail = text("attribute_email")
        attributeDisplayName = text("attribute_display_name")
        attributeGivenName = text("attribute_given_name")
        attributeFamilyName = text("attribute_family_name")
        attributeGroups = text("attribute_groups")
        allowsIdPInitiatedSignIn = form.contains("idp_initiated")
        createsUsers = form.contains("create_users")
        trustsMFA = form.contains("trust_idp_mfa")
        encryptsAssertions = form.contains("encrypt_assertions")
        metadataXML = lines("metadata_xml")
    }

    /// The provider the form describes with `id`, or nil with `errors` filled. Reads the metadata first.
    mutating func validated(id: String) -> IdentityProvider? {
        let fromMetadata = readMetadata()
        if errors["metadata"] != nil { return nil }
        let keyText = key.isEmpty ? IdentityProvider.suggestedKey(forName: name) : key
        if key.isEmpty && keyText.isEmpty && !name.isEmpty {
            errors["key"] = "Choose a key: the name has no letter or digit to make one of."
        }
        let parsedCertificates = readCertificates()
        let provider = IdentityProvider(
            id: id, key: keyText, name: name, entityID: entityID, singleSignOnURL: singleSignOnURL,
            certificates: parsedCertificates.map(\.pem), emailDomains: domains,
            allowsPasswordSignIn: allowsPasswordSignIn,
            attributes: IdentityProvider.AttributeMapping(
                email: attributeEmail, displayName: attributeDisplayName, givenName: attributeGivenName,
                familyName: attributeFamilyName, groups: attributeGroups.isEmpty ? nil : attributeGroups),
            allowsIdPInitiatedSignIn: allowsIdPInitiatedSignIn, createsUsers: createsUsers, trustsMFA: trustsMFA,
            encryptsAssertions: encryptsAssertions)
        let problems = provider.validate().map { problem in
            // One reason per textarea, and the attribute fields under their form names.
            if problem.field.hasPrefix("certificates[") { return FieldError("certificates", problem.reason) }
            if problem.field.hasPrefix("attributes.") {
                return FieldError("attribute_" + problem.field.dropFirst("attributes.".count), problem.reason)
            }
            return problem
        }
        errors.add(problems, labels: Self.labels)
        if fromMetadata, !errors.isEmpty, errors["entity_id"] != nil || errors["sso_url"] != nil {
            // Read from the metadata, so the fix is in the identity provider's file, not here.
            errors["metadata"] = "The metadata was read, but what it says cannot be used: see the fields it filled below."
        }
        return errors.isEmpty ? provider : nil
    }

    /// The domains typed, lowercase, a leading `@` dropped.
    private var domains: [String] {
        emailDomains.split { $0 == "\n" || $0 == "," || $0 == " " || $0 == ";" || $0 == "\t" }
            .map { String($0.drop { $0 == "@" }).lowercased() }.filter { !$0.isEmpty }
    }

    /// Fills the entity id, sign-on URL and certificates from the metadata given, if any; true when it did.
    private mutating func readMetadata() -> Bool {
        let source = metadataFile ?? metadataXML
        guard !source.isEmpty else { return false }
        do throws(IdentityProviderMetadataReader.Failure) {
            let metadata = try IdentityProviderMetadataReader.read(source)
            entityID = metadata.entityID
            singleSignOnURL = metadata.singleSignOnURL
            certificates = metadata.signingCertificates.map(\.pem).joined()
            let count = metadata.signingCertificates.count
            metadataNote =
                "Read from the metadata: the entity ID, the sign-on URL and \(count == 1 ? "1 certificate" : "\(count) certificates")."
            metadataXML = ""
            return true
        } catch {
            errors["metadata"] = (metadataFile != nil ? "The metadata file cannot be used. " : "") + error.description
            // Pasted text is shown again to be corrected; a file cannot be put back in its input.
            if metadataXML.utf8.count > IdentityProviderMetadataReader.maximumSize { metadataXML = "" }
            return false
        }
    }

    /// The certificates in the textarea, each checked; a reason beside it for any that cannot be read.
    private mutating func readCertificates() -> [X509Certificate] {
        guard !certificates.isEmpty else { return [] }
        let blocks = X509Certificate.pemBlocks(in: certificates)
        guard !blocks.isEmpty else {
            errors["certificates"] = "Paste PEM certificates, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."
            return []
        }
        var parsed: [X509Certificate] = []
        for (index, block) in blocks.enumerated() {
            guard let certificate = try? X509Certificate(pem: block) else {
                errors["certificates"] = "Certificate \(index + 1) is not a readable PEM certificate."
                return []
            }
            if !parsed.contains(certificate) { parsed.append(certificate) }
        }
        return parsed
    }

    /// What the page shows again: the values and the reasons.
    var templateValues: TemplateObject {
        [
            "form": [
                "name": name, "key": key, "entityID": entityID, "ssoURL": singleSignOnURL, "certificates": certificates,
                "emailDomains": emailDomains, "allowPasswordSignIn": allowsPasswordSignIn, "attributeEmail": attributeEmail,
                "attributeDisplayName": attributeDisplayName, "attributeGivenName": attributeGivenName,
                "attributeFamilyName": attributeFamilyName, "attributeGroups": attributeGroups,
                "idpInitiated": allowsIdPInitiatedSignIn, "createUsers": createsUsers, "trustMFA": trustsMFA,
                "encryptAssertions": encryptsAssertions, "metadataXML": metadataXML,
            ] as TemplateObject,
            "errors": errors.reasons, "hasErrors": !errors.isEmpty, "metadataNote": metadataNote.templateValue,
        ]
    }
}
