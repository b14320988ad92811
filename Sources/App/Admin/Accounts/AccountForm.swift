import Domain
import TemplateEngine
import Web

/// The admin's account form: the 12-digit id (only when creating: it is the account's identity at AWS),
/// name, root email, OU path, environment label and owners by email, one a line.
struct AccountForm {
    static let labels = [
        "id": "Account id", "name": "Name", "email": "Email", "ou": "OU path", "environment": "Environment", "owners": "Owners",
    ]

    var id = ""
    var name = ""
    var email = ""
    var ou = "root"
    var environment = ""
    var owners = EmailList("")
    var errors = FormErrors()

    init() {}

    init(_ account: Account, ownerEmails: [String]) {
        id = account.id
        name = account.name
        email = account.email
        ou = account.ouPath
        environment = account.environment
        owners = EmailList(ownerEmails.joined(separator: "\n"))
    }

    /// `id` is the account being edited, whose id the form cannot change; nil reads it from the form.
    init(_ form: FormData, id: String?) {
        self.id = id ?? (form["id"] ?? "").filter { $0 != " " && $0 != "-" }
        name = (form["name"] ?? "").trimmingWhitespace()
        email = (form["email"] ?? "").trimmingWhitespace()
        ou = (form["ou"] ?? "").trimmingWhitespace()
        environment = (form["environment"] ?? "").trimmingWhitespace()
        owners = EmailList(form["owners"] ?? "")
    }

    /// The account the form describes, owned by `ownerIDs` (the owners' emails resolved), or nil with
    /// `errors` filled; `unknownOwners` are addresses no user has.
    mutating func account(ownerIDs: [String], unknownOwners: [String]) -> Account? {
        if let problem = EmailList.problem(unknown: unknownOwners, count: owners.emails.count) { errors["owners"] = problem }
        let account = Account(id: id, name: name, email: email, ouPath: ou, environment: environment, owners: ownerIDs)
        errors.add(account.validate(), labels: Self.labels)
        return errors.isEmpty ? account : nil
    }

    var templateValues: TemplateObject {
        [
            "form": ["id": id, "name": name, "email": email, "ou": ou, "environment": environment, "owners": owners.text]
                as TemplateObject,
            "errors": errors.reasons, "hasErrors": !errors.isEmpty,
        ]
    }
}
