import Domain
import TemplateEngine
import Web

/// The admin's group form (create and edit): a name and a description.
struct GroupForm {
    static let labels = ["name": "Name", "description": "Description"]

    var name = ""
    var description = ""
    var errors = FormErrors()

    init() {}

    init(_ group: Group) {
        name = group.name
        description = group.description
    }

    init(_ form: FormData) {
        name = (form["name"] ?? "").trimmingWhitespace()
        // A description may span lines in the textarea; the domain refuses control characters, so line
        // breaks become spaces rather than a reason to re-type it.
        description = (form["description"] ?? "").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
    }

    /// `group` with the form's values, or nil with `errors` filled when they are not acceptable.
    mutating func applied(to group: Group) -> Group? {
        var group = group
        group.name = name
        group.description = description
        errors.add(group.validate(), labels: Self.labels)
        return errors.isEmpty ? group : nil
    }

    var templateValues: TemplateObject {
        ["form": ["name": name, "description": description] as TemplateObject, "errors": errors.reasons, "hasErrors": !errors.isEmpty]
    }
}
