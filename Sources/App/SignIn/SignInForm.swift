import Domain
import Web

/// The sign-in form: email, password and where to go afterwards.
struct SignInForm {
    var email: String
    var password: String
    var returnTo: String

    init(_ form: FormData) {
        email = (form["email"] ?? "").trimmingWhitespace()
        password = form["password"] ?? ""
        returnTo = ReturnPath.sanitized(form["return_to"])
    }

    var isComplete: Bool { !email.isEmpty && !password.isEmpty }
}
