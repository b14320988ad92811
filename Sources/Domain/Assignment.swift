/// A grant: this principal may use this permission set in this account.
package struct Assignment: Hashable, Sendable {
    package var principal: Principal
    package var accountID: String
    package var permissionSetID: String

    package init(principal: Principal, accountID: String, permissionSetID: String) {
        self.principal = principal
        self.accountID = accountID
        self.permissionSetID = permissionSetID
    }
}
