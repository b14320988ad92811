/// How people reach an account that trusts a *jump* account rather than Portico: they sign in to a role
/// of the jump account, then switch role into the account (issue 16).
///
/// This is the setup Portico replaces where one identity provider federates into a jump account full of
/// roles and everything else is reached by switching role. The jump account is an account in Portico
/// like any other (it holds the SAML provider); the account reached through it needs none. One hop only:
/// a jump account is signed in to directly, so routes cannot chain or loop.
package struct JumpRoute: Hashable, Sendable {
    /// The session tag a jump sign-in carries, naming the one role the session may switch into: the trust
    /// policy Portico writes for that role requires it (`aws:PrincipalTag`), so a jump role shared by many
    /// accounts and permission sets opens only the role the person was given.
    package static let switchTargetTagKey = "PorticoSwitchRole"

    /// The `switchTargetTagKey` value for a role: `<account id>/<role name>`, the same in every partition.
    package static func switchTarget(accountID: String, roleName: String) -> String {
        accountID + "/" + roleName
    }

    /// The jump account's 12-digit id.
    package var accountID: String
    /// The IAM role people sign in to in the jump account; nil means the role the permission set is named
    /// after there, as in the account itself (`role_name_pattern`).
    package var roleName: String?

    package init(accountID: String, roleName: String? = nil) {
        self.accountID = accountID
        self.roleName = roleName
    }

    /// The role to sign in to in the jump account for a launch of `roleName` in the account reached.
    package func jumpRoleName(forRoleName roleName: String) -> String {
        self.roleName ?? roleName
    }

    /// Problems with the route on its own, keyed `via.account` and `via.role`, for the account `accountID`.
    func problems(accountID ownID: String) -> [FieldError] {
        var errors: [FieldError] = []
        if !Account.isAccountID(accountID) {
            errors.append(FieldError("via.account", "must be exactly 12 digits"))
        } else if accountID == ownID {
            errors.append(FieldError("via.account", "must be another account: an account cannot be reached through itself"))
        }
        if let roleName, let reason = Self.roleNameProblem(roleName) { errors.append(FieldError("via.role", reason)) }
        return errors
    }

    /// Why `name` cannot be the jump account's role: IAM's role name rules (`[\w+=,.@-]{1,64}`), without a path.
    package static func roleNameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= RoleNamePattern.maximumRoleNameLength, FieldRules.isASCIIWord(name, extra: "+=,.@-")
        else { return "must be an IAM role name of 1 to 64 letters, digits or +=,.@_-" }
        return nil
    }

    /// Why `account`'s route cannot be stored next to the other accounts, keyed like `problems`.
    ///
    /// - Parameters:
    ///   - find: the account with an id as it will be stored, nil when there is none.
    ///   - reachedThrough: the ids of the accounts that will be reached through `account`.
    package static func problems(
        of account: Account, find: (String) -> Account?, reachedThrough: [String]
    ) -> [FieldError] {
        guard let route = account.reachedThrough, Account.isAccountID(route.accountID), route.accountID != account.id else {
            return []
        }
        guard let jump = find(route.accountID) else {
            return [FieldError("via.account", "names no account in Portico; add the jump account first")]
        }
        if let further = jump.reachedThrough {
            return [
                FieldError(
                    "via.account",
                    "is itself reached through \(further.accountID); a jump account must be one people sign in to directly")
            ]
        }
        if !reachedThrough.isEmpty {
            let ids = reachedThrough.sorted()
            let listed = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? " and \(ids.count - 3) more" : "")
            return [
                FieldError(
                    "via.account",
                    "cannot be set: \(listed) \(ids.count == 1 ? "is" : "are") reached through this account, which must stay a jump account"
                )
            ]
        }
        return []
    }
}
