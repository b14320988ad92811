import Domain
import TemplateEngine
import Web

/// The Provisioning page's form for a new SCIM token: a name that tells which connection uses it, and how
/// long it works (empty or `never`: until it is revoked), typed as `portico scim-token create --expires` takes it.
struct SCIMTokenForm {
    static let labels = ["name": "Name", "expires": "Expiry"]
    /// Ten years: a longer lifetime is a token that never expires in all but name.
    static let maximumDays = 3_650
    /// Offered in the expiry field's suggestions; any duration from an hour up to the maximum may be typed.
    static let suggestedDays = [30, 90, 180, 365]
    /// The shortest lifetime: a shorter one is a typo (`90 s` for `90 d`) more often than a wish.
    static let minimumSeconds = 3_600

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
            // A bare number is days, as the field always took; anything else is a duration in words or ISO-8601.
            let days = Int(expiresInDays).map { $0.multipliedReportingOverflow(by: 86_400) }
            let seconds = days.map { $0.overflow ? nil : $0.partialValue } ?? ISODuration(typed: expiresInDays)?.seconds
            if let seconds, (Self.minimumSeconds...Self.maximumDays * 86_400).contains(seconds) {
                lifetimeSeconds = seconds
            } else {
                errors["expires"] =
                    "Expiry must be a number of days or a duration such as 90 days, 12 hours or P90D, from 1 hour to \(Self.maximumDays) days, or empty for a token that works until it is revoked."
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
