import Domain
import TemplateEngine
import Web

/// The first-admin form: email, display name and a password typed twice.
struct SetupForm {
    var token: String
    var email: String
    var displayName: String
    var password: String
    var errors: [String: String] = [:]

    init(_ form: FormData) {
        token = form["token"] ?? ""
        email = (form["email"] ?? "").trimmingWhitespace()
        displayName = (form["display_name"] ?? "").trimmingWhitespace()
        password = form["password"] ?? ""
        if let reason = EmailAddress.problem(email) { errors["email"] = "Email " + reason + "." }
        if let reason = FieldRules.text(displayName, required: true, maximum: 256) { errors["display_name"] = "Name " + reason + "." }
        if let reason = NewPassword.problem(password, confirmation: form["password_confirmation"] ?? "") {
            errors["password"] = reason
        }
    }

    var isValid: Bool { errors.isEmpty }

    /// What the page shows again: the typed values (never the password) and the reasons.
    var templateValues: TemplateObject {
        ["token": token, "email": email, "displayName": displayName, "errors": errors]
    }
}
