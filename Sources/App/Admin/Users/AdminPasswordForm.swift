import Web

/// The admin's "set password" form: the new password typed twice.
struct AdminPasswordForm {
    var password: String
    var error: String?

    init(_ form: FormData) {
        password = form["password"] ?? ""
        error = NewPassword.problem(password, confirmation: form["password_confirmation"] ?? "")
    }
}
