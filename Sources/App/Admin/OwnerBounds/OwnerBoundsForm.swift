import Domain
import TemplateEngine
import Web

/// The admins' form for owner bounds, on an account's edit page and on the OU defaults page: whether the
/// account has bounds of its own (`bounds=set`) or takes its OU's (`bounds=inherit`), the permission sets
/// ticked, whether groups may be assigned, and which users.
struct OwnerBoundsForm {
    var hasOwn = true
    var ou = ""
    var permissionSetIDs: [String] = []
    var groups = true
    var users = OwnerBounds.Users.all
    var errors = FormErrors()

    init() {}

    init(_ bounds: OwnerBounds?, ou: String = "") {
        hasOwn = bounds != nil
        self.ou = ou
        permissionSetIDs = bounds?.permissionSetIDs ?? []
        groups = bounds?.groups ?? true
        users = bounds?.users ?? .all
    }

    init(_ form: FormData) {
        hasOwn = form["bounds"] != "inherit"
        ou = (form["ou"] ?? "").trimmingWhitespace()
        permissionSetIDs = Array(Set(form.values(for: "bound_permission_set"))).sorted()
        groups = form["bound_groups"] == "on"
        if let picked = OwnerBounds.Users(rawValue: form["bound_users"] ?? "") {
            users = picked
        } else if hasOwn {
            errors["bound_users"] = "Pick which users owners may assign."
        }
    }

    /// Whether the form can be stored; `knownSetIDs` are the permission sets that exist, and `needsOU` asks
    /// for an OU path (the defaults page).
    mutating func check(knownSetIDs: Set<String>, needsOU: Bool) -> Bool {
        if needsOU, let reason = OwnerBounds.ouPathProblem(ou) { errors["ou"] = FormErrors.sentence("OU path " + reason) }
        if !permissionSetIDs.allSatisfy(knownSetIDs.contains) {
            errors["bound_permission_sets"] = "A picked permission set no longer exists; pick again."
        }
        return errors.isEmpty
    }

    /// The bounds the form describes; nil when the account takes its OU's.
    var bounds: OwnerBounds? {
        hasOwn ? OwnerBounds(permissionSetIDs: permissionSetIDs, groups: groups, users: users) : nil
    }

    /// The form's values for `partials/owner-bounds-form`, the permission set choices ticked as typed.
    func templateValues(sets: [PermissionSet]) -> TemplateObject {
        let ticked = Set(permissionSetIDs)
        let userChoices: [(OwnerBounds.Users, String)] = [
            (.all, "Any user"), (.organisation, "Only users of the organisation, not vendors or guests"), (.none, "No user directly"),
        ]
        return [
            "boundsForm": [
                "hasOwn": hasOwn, "ou": ou, "groups": groups,
                "sets": sets.map { ["id": $0.id, "name": $0.name, "checked": ticked.contains($0.id)] as TemplateObject },
                "users": userChoices.map { ["value": $0.0.rawValue, "label": $0.1, "checked": users == $0.0] as TemplateObject },
            ] as TemplateObject,
            "boundsErrors": errors.reasons,
        ]
    }
}
