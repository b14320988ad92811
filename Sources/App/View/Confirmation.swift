import TemplateEngine
import Web

/// A destructive action's "are you sure?" page: what exactly will happen, the real form that does it, and a
/// way back.
///
/// It works without JavaScript: the button on the page before is a link (or a GET form) to this page, and only
/// this page's form carries `confirm=yes`. The action's POST handler refuses a request without that field by
/// answering with this page, so an old page's form or a crafted POST changes nothing until a person has read
/// what it does.
struct Confirmation {
    /// The field, and its one accepted value, that only the confirmation page's form sends.
    static let field = "confirm"
    static let value = "yes"

    /// The question, naming what is acted on: "Reset MFA for Alice Liddell?".
    var title: String
    /// What will happen, one sentence a line.
    var effects: [String]
    /// The POST path that acts.
    var action: String
    /// Hidden fields the action needs besides the CSRF token and the confirmation (an assignment's parts).
    var fields: [(name: String, value: String)] = []
    var button: String
    var cancelPath: String
    /// The admin section the page belongs to, for its navigation; nil for one's own pages.
    var section: AdminSection?

    /// Whether `form` came from a confirmation page.
    static func isConfirmed(_ form: FormData) -> Bool {
        form[field] == value
    }

    func response(_ pages: PageRenderer, request: Request) throws -> HTTPResponse {
        let values: TemplateObject = [
            "confirmTitle": title, "effects": TemplateValue.list(effects.map { .string($0) }), "confirmAction": action,
            "fields": TemplateValue.list(fields.map { (["name": $0.name, "value": $0.value] as TemplateObject).templateValue }),
            "confirmField": Self.field, "confirmValue": Self.value, "button": button, "cancelPath": cancelPath,
        ]
        return try pages.page("pages/confirm", request: request, values.merging(section?.templateValues ?? TemplateObject()))
    }
}

extension Confirmation {
    /// `1 security key`, `2 security keys`.
    static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ parts: [String]) -> String {
        guard let last = parts.last else { return "" }
        return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last
    }
}
