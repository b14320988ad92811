extension Configuration {
    /// The admin created on an empty database from `PORTICO_ADMIN_EMAIL` and `PORTICO_ADMIN_PASSWORD`.
    ///
    /// Printing or dumping it shows the email only, so a logged configuration never leaks the password.
    package struct FirstAdmin: Equatable, Sendable, CustomStringConvertible, CustomReflectable {
        package let email: String
        package let password: String

        package init(email: String, password: String) {
            self.email = email
            self.password = password
        }

        package var description: String { "FirstAdmin(email: \(email), password: <redacted>)" }

        package var customMirror: Mirror {
            Mirror(self, children: ["email": email, "password": "<redacted>"])
        }
    }
}
