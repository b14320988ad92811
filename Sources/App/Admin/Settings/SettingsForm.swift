import Domain
import TemplateEngine
import Web

/// The settings form: what the admin typed for each setting, and the reason beside each that cannot be stored.
///
/// Fields are named by the settings' keys (`aws_signin_url`), as in the directory file; list settings are
/// one entry per line. The checks are `PortalSettings`' own, so the form accepts exactly what a directory
/// file does; the typed text is kept as it was (apart from surrounding whitespace and CRLF line ends) to
/// be shown again.
struct SettingsForm {
    /// Each field's label, which also starts its error sentence.
    static let labels: [PortalSettings.Key: String] = [
        .portalSessionDuration: "Portal session duration", .mfa: "Multi-factor authentication", .awsSignInURL: "AWS sign-in URL",
        .allowedConsoleHosts: "Allowed console hosts", .samlProviderName: "SAML provider name", .roleNamePattern: "Role name pattern",
        .principalTagAttributes: "Session tag attributes", .provisioningRoleName: "Provisioning role name",
        .provisioningInterval: "Drift check interval", .notificationWebhookURL: "Notification webhook",
        .organisationDomains: "Organisation domains", .notifyOwnerChanges: "Notify admins of owners' changes",
    ]
    /// Offered in the duration field's suggestions; any duration from 15 minutes to 90 days may be typed.
    static let commonDurations = ["1 hour", "8 hours", "12 hours", "1 day", "7 days", "30 days"]
    /// The settings typed as durations: shown in words, read as `ISODuration(typed:)` reads them.
    static let durations: Set<PortalSettings.Key> = [.portalSessionDuration, .provisioningInterval]

    /// The typed text per setting; list settings joined by line breaks.
    private(set) var text: [PortalSettings.Key: String] = [:]
    var errors = FormErrors()

    /// The form filled with the current settings.
    init(_ settings: PortalSettings) {
        for key in PortalSettings.Key.allCases {
            switch settings.value(key) {
            case .string(let value):
                text[key] = Self.durations.contains(key) ? ISODuration(typed: value)?.inWords ?? value : value
            case .array(let items):
                text[key] = items.compactMap { if case .string(let item) = $0 { item } else { nil } }.joined(separator: "\n")
            default: text[key] = ""
            }
        }
    }

    init(_ form: FormData) {
        for key in PortalSettings.Key.allCases {
            text[key] = (form[key.rawValue] ?? "").replacing("\r\n", with: "\n").trimmingWhitespace()
        }
        // A checkbox: sent as `on` when ticked, not at all when not.
        text[.notifyOwnerChanges] = form[PortalSettings.Key.notifyOwnerChanges.rawValue] == "on" ? "on" : "off"
    }

    /// The settings the form describes; nil with `errors` filled when any field cannot be stored.
    mutating func validated() -> PortalSettings? {
        errors = FormErrors()
        var settings = PortalSettings.defaults
        for key in PortalSettings.Key.allCases {
            let typed = text[key] ?? ""
            let problem: String?
            if key.isList {
                let lines = typed.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                problem = settings.set(key, list: lines)
            } else {
                // Durations may be typed in words or ISO-8601 (`8 hours`, `pt8h`); the typed text is shown again as it was.
                problem = settings.set(key, text: typed)
            }
            if let problem { errors[key.rawValue] = Self.sentence(key, problem) }
        }
        return errors.isEmpty ? settings : nil
    }

    /// What the page shows: the typed values, the reasons, and the MFA choices with the typed one checked.
    var templateValues: TemplateObject {
        let form = TemplateObject(PortalSettings.Key.allCases.map { ($0.rawValue, TemplateValue.string(text[$0] ?? "")) })
        let modes: [TemplateValue] = MFAMode.allCases.map { mode in
            let choice: TemplateObject = [
                "value": mode.rawValue, "label": Self.modeLabel(mode), "explanation": Self.modeExplanation(mode),
                "checked": text[.mfa] == mode.rawValue,
            ]
            return choice.templateValue
        }
        return [
            "form": form, "mfaModes": modes, "errors": errors.reasons, "hasErrors": !errors.isEmpty,
            "commonDurations": Self.commonDurations.map { TemplateValue.string($0) },
            "notifyOwnerChanges": text[.notifyOwnerChanges] == "on",
        ]
    }

    // MARK: Private

    /// `Role name pattern must contain …` for a rule, `Allowed console hosts: x is listed twice.` for an item.
    private static func sentence(_ key: PortalSettings.Key, _ problem: String) -> String {
        let label = labels[key] ?? key.rawValue
        let joined = problem.hasPrefix("must ") || problem.hasPrefix("may ") ? label + " " + problem : label + ": " + problem
        return FormErrors.sentence(joined)
    }

    private static func modeLabel(_ mode: MFAMode) -> String {
        switch mode {
        case .off: "Only users who set up a second factor are asked for it"
        case .always: "Always, and everyone must set one up"
        case .newDevice: "On a browser not seen for 30 days"
        }
    }

    private static func modeExplanation(_ mode: MFAMode) -> String {
        switch mode {
        case .off:
            "Users who set up a security key or an authenticator app are asked for it at every sign-in; the others sign in with their password alone, unless a group's rule below requires more."
        case .always:
            "Every sign-in needs a security key, an authenticator code or a recovery code; users without one must add one before they get a session."
        case .newDevice:
            "The second factor is asked only from a browser not seen for that user in the last 30 days (never skipped for groups that require a security key)."
        }
    }
}
