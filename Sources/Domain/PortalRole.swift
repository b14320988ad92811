/// One role on the portal page: an account/permission set pair a user holds, with what the tile shows
/// about both and what the user marked on it.
package struct PortalRole: Hashable, Sendable {
    package var accountID: String
    package var accountName: String
    package var accountEmail: String
    package var ouPath: String
    package var environment: String
    package var permissionSetID: String
    package var permissionSetName: String
    package var permissionSetDescription: String
    package var sessionDurationSeconds: Int
    /// Whether the user starred this role.
    package var isFavorite: Bool
    /// When the user last opened the console as this role, in epoch seconds; nil if not among the recent ones.
    package var lastUsedAt: Int?
    /// Orders the recent launches: larger is more recent, also between two launches in the same second.
    package var recentOrder: Int?

    package init(
        accountID: String, accountName: String, accountEmail: String, ouPath: String, environment: String, permissionSetID: String,
        permissionSetName: String, permissionSetDescription: String, sessionDurationSeconds: Int, isFavorite: Bool = false,
        lastUsedAt: Int? = nil, recentOrder: Int? = nil
    ) {
        self.accountID = accountID
        self.accountName = accountName
        self.accountEmail = accountEmail
        self.ouPath = ouPath
        self.environment = environment
        self.permissionSetID = permissionSetID
        self.permissionSetName = permissionSetName
        self.permissionSetDescription = permissionSetDescription
        self.sessionDurationSeconds = sessionDurationSeconds
        self.isFavorite = isFavorite
        self.lastUsedAt = lastUsedAt
        self.recentOrder = recentOrder
    }
}
