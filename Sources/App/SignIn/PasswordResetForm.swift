import TemplateEngine
import Web

/// The reset form: the link's token and the new password typed twice.
struct PasswordResetForm {
    var token: String
    var password: String
    var error: String?

    init(_ form: FormData) {
        token = form["token"] ?? ""
        password = form["password"] ?? ""
        error = NewPassword.problem(password, confirmation: form["password_confirmation"] ?? "")
    }
}
