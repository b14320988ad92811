import Domain
import TemplateEngine
import Web

/// The admin's group form (create and edit): a name and a description.
///
/// A group the identity provider provisioned keeps its name, which the provider owns: a name sent with
/// another value than the stored one is refused beside the field (the page shows it as text). Its
/// description is Portico's alone (SCIM groups have none), so it stays editable.
struct GroupForm {
    static let labels = ["name": "Name", "description": "Description"]

    var name = ""
    var description = ""
    var errors = FormErrors()
    /// Whether the request carried a name: a provisioned group's stays as stored when it did not.
    private var sentName = false

    init() {}

    init(_ group: Group) {
        name = group.name
        description = group.description
    }

    init(_ form: FormData) {
        sentName = form.contains("name")
        name = (form["name"] ?? "").trimmingWhitespace()
        // A description may span lines in the textarea; the domain refuses control characters, so line
        // breaks become spaces rather than a reason to re-type it.
        description = (form["description"] ?? "").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
    }

    /// `group` with the form's values, or nil with `errors` filled when they are not acceptable.
    mutating func applied(to group: Group) -> Group? {
        var group = group
        if !group.source.isProviderOwned {
            group.name = name
        } else if sentName && name != group.name.trimmingWhitespace() {
            errors["name"] = "The name comes from your identity provider: rename the group there."
        }
        group.description = description
        errors.add(group.validate(), labels: Self.labels)
        return errors.isEmpty ? group : nil
    }

    var templateValues: TemplateObject {
        ["form": ["name": name, "description": description] as TemplateObject, "errors": errors.reasons, "hasErrors": !errors.isEmpty]
    }
}
