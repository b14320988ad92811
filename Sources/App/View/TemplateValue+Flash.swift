import TemplateEngine

extension TemplateValue {
    /// A notice for `partials/flash`; `kind` picks its style (`success` or `warning`).
    static func flash(_ message: String, kind: String = "success") -> TemplateValue {
        .object(["kind": kind, "message": message])
    }
}
