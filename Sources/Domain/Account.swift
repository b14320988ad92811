/// An AWS account that users reach through Portico.
package struct Account: Hashable, Sendable {
    /// The AWS account id: exactly 12 digits, leading zeros included.
    package var id: String
    package var name: String
    /// The account's root email address at AWS.
    package var email: String
    /// Where the account sits in the organisation, from `root`: `root/service/app/prod`.
    package var ouPath: String
    /// A free label such as `prod`, shown as a badge.
    package var environment: String
    /// Ids of users who may manage this account's assignments without being admins.
    package var owners: [String]
    /// Set when people reach this account by switching role from a jump account's role; nil when they
    /// sign in to it directly.
    package var reachedThrough: JumpRoute?

    package init(
        id: String, name: String, email: String, ouPath: String = "root", environment: String = "", owners: [String] = [],
        reachedThrough: JumpRoute? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.ouPath = ouPath
        self.environment = environment
        self.owners = owners
        self.reachedThrough = reachedThrough
    }

    /// Whether `value` is an AWS account id.
    package static func isAccountID(_ value: String) -> Bool {
        value.utf8.count == 12 && value.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    package func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !Self.isAccountID(id) { errors.append(FieldError("id", "must be exactly 12 digits")) }
        // AWS Organizations limits account names to 50 characters.
        if let reason = FieldRules.text(name, required: true, maximum: 50) { errors.append(FieldError("name", reason)) }
        if let reason = EmailAddress.problem(email) { errors.append(FieldError("email", reason)) }
        if let reason = Self.ouPathProblem(ouPath) { errors.append(FieldError("ou", reason)) }
        if let reason = FieldRules.text(environment, required: false, maximum: 32) {
            errors.append(FieldError("environment", reason))
        }
        if Set(owners).count != owners.count { errors.append(FieldError("owners", "must not list a user twice")) }
        if let reachedThrough { errors += reachedThrough.problems(accountID: id) }
        return errors
    }

    static func ouPathProblem(_ path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.first == "root" else { return "must start with root, as in root/service/app/prod" }
        if segments.contains(where: \.isEmpty) { return "must not have empty parts between slashes" }
        if path.unicodeScalars.count > 1024 { return "must be at most 1024 characters" }
        if FieldRules.containsControlCharacters(path) { return "must not contain control characters" }
        return nil
    }
}
