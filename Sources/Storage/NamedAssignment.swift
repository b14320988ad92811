import Domain

/// An assignment with the names people recognise it by, for the admin pages' tables.
package struct NamedAssignment: Hashable, Sendable {
    package var assignment: Assignment
    /// The user's email or the group's name.
    package var principalName: String
    /// The user's display name; empty for a group.
    package var principalDisplayName: String
    package var accountName: String
    package var accountEnvironment: String
    package var permissionSetName: String

    package init(
        assignment: Assignment, principalName: String, principalDisplayName: String = "", accountName: String,
        accountEnvironment: String = "", permissionSetName: String
    ) {
        self.assignment = assignment
        self.principalName = principalName
        self.principalDisplayName = principalDisplayName
        self.accountName = accountName
        self.accountEnvironment = accountEnvironment
        self.permissionSetName = permissionSetName
    }
}
