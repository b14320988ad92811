import Domain

/// Reasons to show beside a form's fields, keyed by the field's name in the form.
///
/// The domain's `FieldError`s use the directory file's keys (`display_name`, `ou`), which are also the
/// forms' field names, so a reason lands beside the input it is about.
struct FormErrors {
    private(set) var reasons: [String: String] = [:]

    var isEmpty: Bool { reasons.isEmpty }

    subscript(field: String) -> String? {
        get { reasons[field] }
        set { reasons[field] = newValue }
    }

    /// Adds the domain's reasons, each as a sentence starting with the field's label; a field keeps its first reason.
    mutating func add(_ errors: [FieldError], labels: [String: String]) {
        for error in errors where reasons[error.field] == nil {
            let label = labels[error.field] ?? labels[String(error.field.prefix { $0 != "." && $0 != "[" })] ?? "This field"
            reasons[error.field] = Self.sentence(label + " " + error.reason)
        }
    }

    /// `text` with a capital first letter and a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalized = first.uppercased() + text.dropFirst()
        return capitalized.hasSuffix(".") ? capitalized : capitalized + "."
    }
}
