import Domain
import TemplateEngine
import Web

/// The admin's user form (create and edit): email, names, the admin flag and session-tag attributes.
///
/// Attributes arrive as parallel `attribute_key` / `attribute_value` fields, one pair per row, because IAM
/// tag keys may contain `=` and `:`, so no one-line `key=value` syntax could hold every key.
struct UserForm {
    static let labels = [
        "email": "Email", "display_name": "Display name", "given_name": "Given name", "family_name": "Family name",
        "attributes": "Attribute",
    ]
    /// Empty attribute rows offered below the filled ones.
    static let blankAttributeRows = 2

    var email = ""
    var displayName = ""
    var givenName = ""
    var familyName = ""
    var isAdmin = false
    var attributes: [(key: String, value: String)] = []
    var errors = FormErrors()

    init() {}

    init(_ user: User) {
        email = user.email
        displayName = user.displayName
        givenName = user.givenName
        familyName = user.familyName
        isAdmin = user.isAdmin
        attributes = user.attributes.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    init(_ form: FormData) {
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
        user.email = email
        user.displayName = displayName
        user.givenName = givenName
        user.familyName = familyName
        user.isAdmin = isAdmin
        user.attributes = [:]
        for (index, row) in attributes.enumerated() {
            if row.key.isEmpty {
                errors["attribute.\(index)"] = "Give this value a key."
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
