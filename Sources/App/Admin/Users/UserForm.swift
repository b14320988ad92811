import Domain
import SCIM
import TemplateEngine
import Web

/// The admin's user form (create and edit): email, names, the admin flag and session-tag attributes.
///
/// Attributes arrive as parallel `attribute_key` / `attribute_value` fields, one pair per row, because IAM
/// tag keys may contain `=` and `:`, so no one-line `key=value` syntax could hold every key.
///
/// For a user the identity provider provisioned, only what Portico alone keeps may change: the admin flag
/// and the attributes SCIM does not write. A sign-in name or name sent with another value than the stored
/// one is refused beside the field (the page shows them as text, so only a hand-made request sends them),
/// and so is a row for an attribute SCIM writes.
struct UserForm {
    static let labels = [
        "email": "Email", "display_name": "Display name", "given_name": "Given name", "family_name": "Family name",
        "attributes": "Attribute",
    ]
    /// The fields the identity provider owns for a user it provisioned.
    static let providerFields = ["email", "display_name", "given_name", "family_name"]
    /// Empty attribute rows offered below the filled ones.
    static let blankAttributeRows = 2

    var email = ""
    var displayName = ""
    var givenName = ""
    var familyName = ""
    var isAdmin = false
    var attributes: [(key: String, value: String)] = []
    var errors = FormErrors()
    /// Which of `providerFields` the request carried: for a provisioned user, one it left out stays as stored.
    private var sentProviderFields: Set<String> = []

    init() {}

    /// The form filled with the user; for a provisioned user, the rows hold only the admin's attributes.
    init(_ user: User) {
        email = user.email
        displayName = user.displayName
        givenName = user.givenName
        familyName = user.familyName
        isAdmin = user.isAdmin
        attributes = user.attributes.filter { !Self.isProviderAttribute($0.key, of: user) }.sorted { $0.key < $1.key }
            .map { (key: $0.key, value: $0.value) }
    }

    init(_ form: FormData) {
        sentProviderFields = Set(Self.providerFields.filter { form.contains($0) })
        email = (form["email"] ?? "").trimmingWhitespace()
        displayName = (form["display_name"] ?? "").trimmingWhitespace()
        givenName = (form["given_name"] ?? "").trimmingWhitespace()
        familyName = (form["family_name"] ?? "").trimmingWhitespace()
        isAdmin = form["is_admin"] == "on"
        let keys = form.values(for: "attribute_key")
        let values = form.values(for: "attribute_value")
        attributes = keys.indices.compactMap { index in
            let key = keys[index].trimmingWhitespace()
            let value = index < values.count ? values[index].trimmingWhitespace() : ""
            return key.isEmpty && value.isEmpty ? nil : (key: key, value: value)
        }
    }

    /// `user` with the form's values, or nil with `errors` filled when they are not acceptable.
    mutating func applied(to user: User) -> User? {
        var user = user
        if user.source.isProviderOwned {
            refuseProviderChanges(to: user)
        } else {
            user.email = email
            user.displayName = displayName
            user.givenName = givenName
            user.familyName = familyName
        }
        user.isAdmin = isAdmin
        let stored = user
        user.attributes = user.attributes.filter { Self.isProviderAttribute($0.key, of: stored) }
        for (index, row) in attributes.enumerated() {
            if row.key.isEmpty {
                errors["attribute.\(index)"] = "Give this value a key."
            } else if Self.isProviderAttribute(row.key, of: stored) {
                errors["attribute.\(index)"] = "Your identity provider sets \(row.key): change it there."
            } else if user.attributes[row.key] != nil {
                errors["attribute.\(index)"] = "This key is listed twice."
            } else {
                user.attributes[row.key] = row.value
            }
        }
        for error in user.validate() where error.field.hasPrefix("attributes.") {
            let key = String(error.field.dropFirst("attributes.".count))
            if let index = attributes.firstIndex(where: { $0.key == key }), errors["attribute.\(index)"] == nil {
                errors["attribute.\(index)"] = FormErrors.sentence(error.reason)
            }
        }
        errors.add(user.validate().filter { !$0.field.hasPrefix("attributes.") }, labels: Self.labels)
        return errors.isEmpty ? user : nil
    }

    /// The attributes SCIM writes (`title`, `department`…): a provisioned user's are their identity provider's.
    static var providerAttributeKeys: [String] { SCIMUserResource.attributeKeys }

    /// Whether SCIM writes the attribute `key` of `user`, so only the identity provider may change it.
    static func isProviderAttribute(_ key: String, of user: User) -> Bool {
        user.source.isProviderOwned && providerAttributeKeys.contains(key)
    }

    /// Refuses, beside each field, a sign-in name or name sent with another value than `user`'s.
    private mutating func refuseProviderChanges(to user: User) {
        let owned = [
            ("email", email, user.email), ("display_name", displayName, user.displayName), ("given_name", givenName, user.givenName),
            ("family_name", familyName, user.familyName),
        ]
        for (field, typed, stored) in owned where sentProviderFields.contains(field) && typed != stored.trimmingWhitespace() {
            errors[field] = "\(Self.labels[field] ?? field) comes from your identity provider: change it there."
        }
    }

    /// The typed values and reasons for the page; attribute rows carry their own reason.
    var templateValues: TemplateObject {
        let filled: [TemplateValue] = attributes.enumerated().map { index, row in
            let values: TemplateObject = [
                "index": index, "key": row.key, "value": row.value, "error": errors["attribute.\(index)"].templateValue,
            ]
            return values.templateValue
        }
        let blanks: [TemplateValue] = (0..<Self.blankAttributeRows).map { offset in
            let values: TemplateObject = ["index": attributes.count + offset, "key": "", "value": "", "error": TemplateValue.null]
            return values.templateValue
        }
        return [
            "form": [
                "email": email, "displayName": displayName, "givenName": givenName, "familyName": familyName, "isAdmin": isAdmin,
                "attributes": filled + blanks,
            ] as TemplateObject,
            "errors": errors.reasons, "hasErrors": !errors.isEmpty,
        ]
    }
}
