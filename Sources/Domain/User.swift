import JSON

/// A person who signs in to the portal.
package struct User: Hashable, Sendable {
    /// Whether the user may sign in; a disabled user holds no access at all.
    package enum Status: String, CaseIterable, Hashable, Sendable {
        case active
        case disabled
    }

    package var id: String
    /// The sign-in name, unique regardless of case: an email address for Portico's own users; for a user
    /// from an identity provider, its name for them (SCIM `userName`), which need not be an address.
    package var email: String
    package var displayName: String
    package var givenName: String
    package var familyName: String
    package var status: Status
    package var source: DirectorySource
    package var isAdmin: Bool
    /// The identity provider's id for this user (SCIM `externalId`), when it came from one.
    package var externalID: String?
    /// Key/value pairs an admin may pass to AWS as session tags.
    package var attributes: [String: String]
    /// The primary address an identity provider gave, when the sign-in name is not it (an Entra guest's).
    package var contactEmail: String?
    /// Values an identity provider sent that Portico keeps only to give back (SCIM `emails`,
    /// `phoneNumbers`, `name.formatted`), as it spelled them.
    package var profile: [String: JSONNode]

    package init(
        id: String = FieldRules.newIdentifier(), email: String, displayName: String, givenName: String = "",
        familyName: String = "", status: Status = .active, source: DirectorySource = .local, isAdmin: Bool = false,
        externalID: String? = nil, attributes: [String: String] = [:], contactEmail: String? = nil, profile: [String: JSONNode] = [:]
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.givenName = givenName
        self.familyName = familyName
        self.status = status
        self.source = source
        self.isAdmin = isAdmin
        self.externalID = externalID
        self.attributes = attributes
        self.contactEmail = contactEmail
        self.profile = profile
    }

    package var isActive: Bool { status == .active }

    /// Every problem with this user, keyed by the directory file's field names.
    package func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !FieldRules.isIdentifier(id) { errors.append(FieldError("id", "must be a lowercase UUID")) }
        if let reason = source == .local ? EmailAddress.problem(email) : Self.signInNameProblem(email) {
            errors.append(FieldError("email", reason))
        }
        if let contactEmail, let reason = EmailAddress.problem(contactEmail) { errors.append(FieldError("contact_email", reason)) }
        if let reason = FieldRules.text(displayName, required: true, maximum: 256) {
            errors.append(FieldError("display_name", reason))
        }
        if let reason = FieldRules.text(givenName, required: false, maximum: 128) { errors.append(FieldError("given_name", reason)) }
        if let reason = FieldRules.text(familyName, required: false, maximum: 128) {
            errors.append(FieldError("family_name", reason))
        }
        if let externalID, let reason = FieldRules.text(externalID, required: true, maximum: 256) {
            errors.append(FieldError("external_id", reason))
        }
        errors += FieldRules.tagProblems(attributes, field: "attributes")
        return errors
    }

    /// What is wrong with an identity provider's sign-in name: it may be any short single word.
    private static func signInNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > 254 { return "must be at most 254 bytes" }
        if name.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }) {
            return "must not contain spaces or control characters"
        }
        return nil
    }
}
