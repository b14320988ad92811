/// The one rule that decides access (SPEC §2).
///
/// User U may use permission set P in account A if and only if U is active and an assignment of P in A
/// exists for U itself or for a group U belongs to. There is no deny, no nesting and no inheritance
/// through OUs: an admin can read every grant off the assignments table. `AssignmentStore` answers the
/// same question in SQL for a user in the database; this pure form states the rule and checks it.
package enum AccessDecision {
    /// Whether `user`, a member of the groups `groupIDs`, may use `permissionSetID` in `accountID`.
    package static func mayUse(
        _ user: User, groupIDs: Set<String>, assignments: some Sequence<Assignment>, accountID: String, permissionSetID: String
    ) -> Bool {
        guard user.isActive else { return false }
        return assignments.contains { assignment in
            assignment.accountID == accountID && assignment.permissionSetID == permissionSetID
                && grants(assignment, to: user, groupIDs: groupIDs)
        }
    }

    /// Whether `assignment` reaches `user` at all, directly or through one of `groupIDs`.
    package static func grants(_ assignment: Assignment, to user: User, groupIDs: Set<String>) -> Bool {
        switch assignment.principal {
        case .user(let id): id == user.id
        case .group(let id): groupIDs.contains(id)
        }
    }
}
