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

extension String {
    /// The text without leading and trailing whitespace, as typed into a single-line field.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars.drop { $0.properties.isWhitespace }
        return String(String.UnicodeScalarView(scalars.reversed().drop { $0.properties.isWhitespace }.reversed()))
    }
}
