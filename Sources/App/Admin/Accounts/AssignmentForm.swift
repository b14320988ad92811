import Domain
import TemplateEngine
import Web

/// The account page's "add assignments" form: users by email (one a line) and groups picked from a list,
/// times the permission sets ticked; every combination is assigned.
struct AssignmentForm {
    var users = EmailList("")
    var groupIDs: [String] = []
    var permissionSetIDs: [String] = []
    var errors = FormErrors()

    init() {}

    init(_ form: FormData) {
        users = EmailList(form["users"] ?? "")
        groupIDs = Array(Set(form.values(for: "group"))).sorted()
        permissionSetIDs = Array(Set(form.values(for: "permission_set"))).sorted()
    }

    /// Checks what was resolved: `unknownUsers` are addresses no user has, `groups` and `sets` the picked
    /// ids that exist. Returns whether the form can be applied.
    mutating func check(unknownUsers: [String], groups: [Group], sets: [PermissionSet]) -> Bool {
        if let problem = EmailList.problem(unknown: unknownUsers, count: users.emails.count) { errors["users"] = problem }
        if groups.count != groupIDs.count { errors["groups"] = "A picked group no longer exists; pick again." }
        if users.isEmpty && groupIDs.isEmpty { errors["users"] = "Enter at least one user or pick at least one group." }
        if permissionSetIDs.isEmpty {
            errors["permission_sets"] = "Pick at least one permission set."
        } else if sets.count != permissionSetIDs.count {
            errors["permission_sets"] = "A picked permission set no longer exists; pick again."
        }
        return errors.isEmpty
    }

    var templateValues: TemplateObject {
        ["assignmentForm": ["users": users.text] as TemplateObject, "assignmentErrors": errors.reasons]
    }
}
