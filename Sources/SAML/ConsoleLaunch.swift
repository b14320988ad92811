/// Who is entering the AWS console, as which role, for how long: everything an assertion states.
///
/// The caller has already decided that the user holds this role in this account; this value only
/// carries the decision into `SAMLAssertionBuilder`.
package struct ConsoleLaunch: Sendable, Equatable {
    /// A session tag passed to STS as `https://aws.amazon.com/SAML/Attributes/PrincipalTag:<key>`.
    package struct PrincipalTag: Sendable, Equatable {
        package var key: String
        package var value: String

        package init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The persistent NameID: the user's stable id (or email, when that is the configured choice).
    package var nameID: String
    /// Becomes the `RoleSessionName` after `RoleSessionName.fitting(_:)`.
    package var email: String
    /// The 12-digit AWS account id.
    package var accountID: String
    package var roleName: String
    /// The IAM SAML provider's name in that account.
    package var samlProviderName: String
    /// The console session's length, the permission set's duration.
    package var sessionDurationSeconds: Int
    /// When the user signed in to Portico, seconds since the Unix epoch.
    package var authenticatedAt: Int64
    package var principalTags: [PrincipalTag]

    package init(
        nameID: String, email: String, accountID: String, roleName: String, samlProviderName: String,
        sessionDurationSeconds: Int, authenticatedAt: Int64, principalTags: [PrincipalTag] = []
    ) {
        self.nameID = nameID
        self.email = email
        self.accountID = accountID
        self.roleName = roleName
        self.samlProviderName = samlProviderName
        self.sessionDurationSeconds = sessionDurationSeconds
        self.authenticatedAt = authenticatedAt
        self.principalTags = principalTags
    }

    /// The `Role` attribute value: the role ARN, then the SAML provider ARN, as AWS requires.
    package var roleAttributeValue: String {
        "arn:aws:iam::\(accountID):role/\(roleName),arn:aws:iam::\(accountID):saml-provider/\(samlProviderName)"
    }
}
