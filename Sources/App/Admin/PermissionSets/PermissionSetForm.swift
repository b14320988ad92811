import Domain
import TemplateEngine
import Web

/// The permission set form: what the admin typed, and for each field the reason it cannot be stored.
///
/// The values are kept exactly as typed (apart from surrounding whitespace and a browser's CRLF line ends)
/// so a re-rendered form shows them again; the checks are `PermissionSet.validate()`'s, with this form's
/// own only for turning text into values (the duration as typed, one ARN per line, `key=value` tags).
struct PermissionSetForm {
    /// Offered in the duration field's suggestions; any other duration from 1 to 12 hours may be typed.
    static let commonDurations = ["1 hour", "2 hours", "4 hours", "8 hours", "12 hours"]
    static let labels = [
        "name": "Name", "description": "Description", "session_duration": "Session duration", "relay_state": "Relay state",
        "inline_policy": "Inline policy", "tags": "Tags",
    ]

    var name = ""
    var description = ""
    /// In words (`1 h 30 min`) as pages show durations, or as typed (`90 min`, `PT1H30M`).
    var sessionDuration = PermissionSet.defaultSessionDuration.inWords
    var relayState = ""
    /// One ARN per line.
    var managedPolicies = ""
    var inlinePolicy = ""
    /// One `key=value` per line.
    var tags = ""
    var errors = FormErrors()

    init() {}

    /// The form filled with a stored permission set, for editing.
    init(_ set: PermissionSet) {
        name = set.name
        description = set.description
        sessionDuration = set.sessionDuration.inWords
        relayState = set.relayState ?? ""
        managedPolicies = set.managedPolicyARNs.joined(separator: "\n")
        inlinePolicy = set.inlinePolicy ?? ""
        tags = set.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    init(_ form: FormData) {
        name = (form["name"] ?? "").trimmingWhitespace()
        description = Self.lines(form["description"] ?? "").trimmingWhitespace()
        sessionDuration = (form["session_duration"] ?? "").trimmingWhitespace()
        relayState = (form["relay_state"] ?? "").trimmingWhitespace()
        managedPolicies = Self.lines(form["managed_policies"] ?? "").trimmingWhitespace()
        inlinePolicy = Self.lines(form["inline_policy"] ?? "").trimmingWhitespace()
        tags = Self.lines(form["tags"] ?? "").trimmingWhitespace()
    }

    /// The permission set the form describes, keeping `id`; nil with `errors` filled when it cannot be stored.
    /// `before` is the stored set when editing: its policies and relay state as they stand are not judged again
    /// by IAM's rules (`PermissionSet.policyProblems(comparedTo:)`) or the console hosts allowed now
    /// (`PermissionSet.relayStateProblem(allowedConsoleHosts:comparedTo:)`), only what the admin changed.
    mutating func validated(id: String, before: PermissionSet? = nil, allowedConsoleHosts: [String]) -> PermissionSet? {
        errors = FormErrors()
        var duration = PermissionSet.defaultSessionDuration
        // `4h`, `90 min` and `pt4h` are read alike; the typed text is shown again as it was.
        if let reason = ISODuration.problem(sessionDuration, in: ISODuration.permissionSetRange) {
            errors["session_duration"] = "Session duration \(reason)."
        } else if let typed = ISODuration(typed: sessionDuration) {
            duration = typed
        }
        let arns = managedPolicies.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let parsedTags = parseTags()
        let set = PermissionSet(
            id: id, name: name, description: description, sessionDuration: duration,
            relayState: relayState.isEmpty ? nil : relayState, managedPolicyARNs: arns,
            inlinePolicy: inlinePolicy.isEmpty ? nil : inlinePolicy, tags: parsedTags)
        var fieldErrors: [FieldError] = []
        for error in set.validate() {
            // A reason about one ARN or one tag names it, beside the textarea that holds them all.
            if error.field.hasPrefix("managed_policies[") {
                let index = Int(error.field.dropFirst("managed_policies[".count).dropLast()) ?? 0
                append("\(index < arns.count ? arns[index] : "An ARN") \(error.reason).", to: "managed_policies")
            } else if error.field.hasPrefix("tags.") {
                append("Tag \(error.field.dropFirst("tags.".count)): \(error.reason).", to: "tags")
            } else {
                fieldErrors.append(error)
            }
        }
        if let error = set.relayStateProblem(allowedConsoleHosts: allowedConsoleHosts, comparedTo: before) { fieldErrors.append(error) }
        // Every problem of the policy is listed, each with its place, so one save shows all there is to fix.
        for error in set.policyProblems(comparedTo: before) {
            if error.field.hasPrefix("managed_policies[") {
                let index = Int(error.field.dropFirst("managed_policies[".count).dropLast()) ?? 0
                append("\(index < arns.count ? arns[index] : "An ARN") \(error.reason).", to: "managed_policies")
            } else {
                let location = error.field.dropFirst("inline_policy".count).drop { $0 == "." }
                let sentence = location.isEmpty ? "Inline policy \(error.reason)." : "Inline policy: \(location) \(error.reason)."
                append(sentence, to: "inline_policy")
            }
        }
        errors.add(fieldErrors, labels: Self.labels)
        return errors.isEmpty ? set : nil
    }

    /// What the page shows again: the typed values and the reasons.
    var templateValues: TemplateObject {
        [
            "form": [
                "name": name, "description": description, "sessionDuration": sessionDuration, "relayState": relayState,
                "managedPolicies": managedPolicies, "inlinePolicy": inlinePolicy, "tags": tags,
            ] as TemplateObject,
            "errors": errors.reasons, "hasErrors": !errors.isEmpty,
            "commonDurations": Self.commonDurations.map { TemplateValue.string($0) },
        ]
    }

    // MARK: Private

    /// `key=value` lines; the first `=` separates, so values may contain `=`. Blank lines are skipped.
    private mutating func parseTags() -> [String: String] {
        var parsed: [String: String] = [:]
        var problems: [String] = []
        for (number, line) in tags.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line).trimmingWhitespace()
            guard !text.isEmpty else { continue }
            guard let equals = text.firstIndex(of: "=") else {
                problems.append("line \(number + 1) must be key=value")
                continue
            }
            let key = String(text[..<equals]).trimmingWhitespace()
            if parsed[key] != nil {
                problems.append("line \(number + 1) repeats the key \(key)")
                continue
            }
            parsed[key] = String(text[text.index(after: equals)...]).trimmingWhitespace()
        }
        if !problems.isEmpty { append("Tags: " + problems.joined(separator: "; ") + ".", to: "tags") }
        return parsed
    }

    /// Adds a reason to a field that may have several, one sentence after another.
    private mutating func append(_ reason: String, to field: String) {
        errors[field] = errors[field].map { $0 + " " + reason } ?? reason
    }

    /// Text with a browser's CRLF line ends as LF, so lengths and line numbers match what the admin sees.
    private static func lines(_ text: String) -> String {
        text.replacing("\r\n", with: "\n")
    }
}
