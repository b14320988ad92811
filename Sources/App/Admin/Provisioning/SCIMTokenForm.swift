import Domain
import TemplateEngine
import Web

/// The Provisioning page's form for a new SCIM token: a name that tells which connection uses it, and how
/// many days it works (empty or `never`: until it is revoked).
struct SCIMTokenForm {
    static let labels = ["name": "Name", "expires": "Expiry"]
    /// Ten years: a longer lifetime is a token that never expires in all but name.
    static let maximumDays = 3_650
    /// Offered in the expiry field's suggestions; any whole number of days up to the maximum may be typed.
    static let suggestedDays = [30, 90, 180, 365]

    var name = ""
    var expiresInDays = ""
    var errors = FormErrors()

    init() {}

    init(_ form: FormData) {
        name = (form["name"] ?? "").trimmingWhitespace()
        expiresInDays = (form["expires_in_days"] ?? "").trimmingWhitespace()
    }

    /// The token's name and lifetime in seconds (nil: it never expires), or nil with `errors` filled.
    mutating func validated() -> (name: String, lifetimeSeconds: Int?)? {
        errors = FormErrors()
        if let problem = SCIMToken.nameProblem(name) { errors["name"] = FormErrors.sentence("Name " + problem) }
        var lifetimeSeconds: Int?
        if !expiresInDays.isEmpty && expiresInDays.lowercased() != "never" {
            if let days = Int(expiresInDays), (1...Self.maximumDays).contains(days) {
                lifetimeSeconds = days * 86_400
            } else {
                errors["expires"] =
                    "Expiry must be a whole number of days from 1 to \(Self.maximumDays), or empty for a token that works until it is revoked."
            }
        }
        return errors.isEmpty ? (name, lifetimeSeconds) : nil
    }

    var templateValues: TemplateObject {
        [
            "form": ["name": name, "expiresInDays": expiresInDays] as TemplateObject, "errors": errors.reasons,
            "hasErrors": !errors.isEmpty, "suggestedDays": Self.suggestedDays.map { TemplateValue.int($0) },
            "maximumDays": Self.maximumDays,
        ]
    }
}
