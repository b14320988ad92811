import Domain
import TemplateEngine
import Web

/// The admin's account form: the 12-digit id (only when creating: it is the account's identity at AWS),
/// name, root email, OU path, environment label, owners by email, one a line, and the jump account and role
/// people switch from, for an account they do not sign in to directly.
struct AccountForm {
    static let labels = [
        "id": "Account id", "name": "Name", "email": "Email", "ou": "OU path", "environment": "Environment", "owners": "Owners",
        "via_account": "Jump account", "via_role": "Jump role",
    ]

    var id = ""
    var name = ""
    var email = ""
    var ou = "root"
    var environment = ""
    var owners = EmailList("")
    var viaAccount = ""
    var viaRole = ""
    var errors = FormErrors()

    init() {}

    init(_ account: Account, ownerEmails: [String]) {
        id = account.id
        name = account.name
        email = account.email
        ou = account.ouPath
        environment = account.environment
        owners = EmailList(ownerEmails.joined(separator: "\n"))
        viaAccount = account.reachedThrough?.accountID ?? ""
        viaRole = account.reachedThrough?.roleName ?? ""
    }

    /// `id` is the account being edited, whose id the form cannot change; nil reads it from the form.
    init(_ form: FormData, id: String?) {
        self.id = id ?? (form["id"] ?? "").filter { $0 != " " && $0 != "-" }
        name = (form["name"] ?? "").trimmingWhitespace()
        email = (form["email"] ?? "").trimmingWhitespace()
        ou = (form["ou"] ?? "").trimmingWhitespace()
        environment = (form["environment"] ?? "").trimmingWhitespace()
        owners = EmailList(form["owners"] ?? "")
        viaAccount = (form["via_account"] ?? "").filter { $0 != " " && $0 != "-" }
        viaRole = (form["via_role"] ?? "").trimmingWhitespace()
    }

    /// The account the form describes, owned by `ownerIDs` (the owners' emails resolved), or nil with
    /// `errors` filled; `unknownOwners` are addresses no user has.
    mutating func account(ownerIDs: [String], unknownOwners: [String]) -> Account? {
        if let problem = EmailList.problem(unknown: unknownOwners, count: owners.emails.count) { errors["owners"] = problem }
        if viaAccount.isEmpty && !viaRole.isEmpty {
            errors["via_role"] = "Jump role must be left empty for an account people sign in to directly."
        }
        let route = viaAccount.isEmpty ? nil : JumpRoute(accountID: viaAccount, roleName: viaRole.isEmpty ? nil : viaRole)
        let account = Account(
            id: id, name: name, email: email, ouPath: ou, environment: environment, owners: ownerIDs, reachedThrough: route)
        add(account.validate())
        return errors.isEmpty ? account : nil
    }

    /// Adds the domain's or the store's reasons, the route's fields (`via.account`) under the form's names.
    mutating func add(_ problems: [FieldError]) {
        errors.add(problems.map { FieldError($0.field.replacing(".", with: "_"), $0.reason) }, labels: Self.labels)
    }

    var templateValues: TemplateObject {
        [
            "form": [
                "id": id, "name": name, "email": email, "ou": ou, "environment": environment, "owners": owners.text,
                "viaAccount": viaAccount, "viaRole": viaRole,
            ] as TemplateObject,
            "errors": errors.reasons, "hasErrors": !errors.isEmpty,
        ]
    }
}
