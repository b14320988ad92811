/// How the IAM role in each account is named after the permission set it carries out (SPEC §4).
///
/// The default, `{permission_set}`, names the role exactly like the permission set; a pattern such as
/// `Portico-{permission_set}` keeps Portico's roles apart from others in the account. The placeholder
/// appears exactly once and the rest is literal, so the mapping runs both ways: a shortcut link names a
/// role, and `permissionSetName(forRoleName:)` recovers the one permission set it can stand for, which
/// the access decision then checks.
package struct RoleNamePattern: Hashable, Sendable, CustomStringConvertible {
    package static let placeholder = "{permission_set}"
    package static let `default` = RoleNamePattern(prefix: "", suffix: "")
    /// IAM's limit on a role name.
    package static let maximumRoleNameLength = 64
    /// Room left for the literal part once the longest permission set name (32) is put in.
    static let maximumLiteralLength = maximumRoleNameLength - 32

    /// The literal text before and after the placeholder.
    package let prefix: String
    package let suffix: String

    private init(prefix: String, suffix: String) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// The pattern in `text`, or nil when `problem(_:)` finds one.
    package init?(_ text: String) {
        guard Self.problem(text) == nil, let range = text.firstRange(of: Self.placeholder) else { return nil }
        self.init(prefix: String(text[..<range.lowerBound]), suffix: String(text[range.upperBound...]))
    }

    /// Why `text` is not a usable pattern, or nil.
    package static func problem(_ text: String) -> String? {
        let parts = text.split(separator: placeholder, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must contain \(placeholder) exactly once" }
        let literal = parts.joined()
        guard FieldRules.isASCIIWord(literal, extra: "+=,.@-") else {
            return "may add only letters, digits and +=,.@_- around \(placeholder)"
        }
        guard literal.utf8.count <= maximumLiteralLength else {
            return "may add at most \(maximumLiteralLength) characters, so role names stay within IAM's 64"
        }
        return nil
    }

    package var description: String { prefix + Self.placeholder + suffix }

    /// The role name for the permission set named `permissionSetName`.
    package func roleName(for permissionSetName: String) -> String {
        prefix + permissionSetName + suffix
    }

    /// The permission set name that `roleName` stands for, or nil when the role is not one of Portico's.
    package func permissionSetName(forRoleName roleName: String) -> String? {
        guard roleName.utf8.count > prefix.utf8.count + suffix.utf8.count, roleName.hasPrefix(prefix), roleName.hasSuffix(suffix)
        else { return nil }
        let name = String(roleName.dropFirst(prefix.count).dropLast(suffix.count))
        // Only a name a permission set could have, so the result can go straight to a query.
        guard name.count <= 32, FieldRules.isASCIIWord(name, extra: "+=,.@-") else { return nil }
        return name
    }
}
