/// One account/permission set pair a user may use, and every reason they may.
package struct EffectiveAccess: Hashable, Sendable {
    package var accountID: String
    package var accountName: String
    package var permissionSetID: String
    package var permissionSetName: String
    /// Whether an assignment names the user directly.
    package var isDirect: Bool
    /// Names of the user's groups with an assignment for this pair, sorted.
    package var groupNames: [String]

    package init(
        accountID: String, accountName: String, permissionSetID: String, permissionSetName: String, isDirect: Bool,
        groupNames: [String]
    ) {
        self.accountID = accountID
        self.accountName = accountName
        self.permissionSetID = permissionSetID
        self.permissionSetName = permissionSetName
        self.isDirect = isDirect
        self.groupNames = groupNames
    }
}
