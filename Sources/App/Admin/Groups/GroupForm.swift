import Domain
import TemplateEngine
import Web

/// The admin's group form (create and edit): a name, a description and what the group asks of its members'
/// second factor (`MFARule`).
///
/// A group the identity provider provisioned keeps its name, which the provider owns: a name sent with
/// another value than the stored one is refused beside the field (the page shows it as text). Its
/// description and MFA rule are Portico's alone (SCIM groups have neither), so they stay editable.
struct GroupForm {
    static let labels = ["name": "Name", "description": "Description", "mfa_rule": "Second factor"]

    var name = ""
    var description = ""
    var mfaRule = MFARule.none
    var errors = FormErrors()
    /// Whether the request carried a name: a provisioned group's stays as stored when it did not.
    private var sentName = false

    init() {}

    init(_ group: Group) {
        name = group.name
        description = group.description
        mfaRule = group.mfaRule
    }

    init(_ form: FormData) {
        sentName = form.contains("name")
        name = (form["name"] ?? "").trimmingWhitespace()
        // A description may span lines in the textarea; the domain refuses control characters, so line
        // breaks become spaces rather than a reason to re-type it.
        description = (form["description"] ?? "").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
        if let sent = form["mfa_rule"] {
            if let rule = MFARule(rawValue: sent) { mfaRule = rule } else { errors["mfa_rule"] = "Choose one of the rules listed." }
        }
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
        group.mfaRule = mfaRule
        errors.add(group.validate(), labels: Self.labels)
        return errors.isEmpty ? group : nil
    }

    var templateValues: TemplateObject {
        let rules: [TemplateValue] = MFARule.allCases.map { rule in
            (["value": rule.rawValue, "label": rule.label, "selected": rule == mfaRule] as TemplateObject).templateValue
        }
        return [
            "form": ["name": name, "description": description, "mfaRules": rules] as TemplateObject, "errors": errors.reasons,
            "hasErrors": !errors.isEmpty,
        ]
    }
}
