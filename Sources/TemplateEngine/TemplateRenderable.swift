/// A type that can appear in a template's data, so call sites can write
/// `["name": user.name, "accounts": accounts.map(\.templateValue)]` without wrapping each value.
package protocol TemplateRenderable {
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateRenderable {
    package var templateValue: TemplateValue { self }
}

extension TemplateObject: TemplateRenderable {
    package var templateValue: TemplateValue { .object(self) }
}

extension String: TemplateRenderable {
    package var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateRenderable {
    package var templateValue: TemplateValue { .string(String(self)) }
}

extension Int: TemplateRenderable {
    package var templateValue: TemplateValue { .int(self) }
}

extension Bool: TemplateRenderable {
    package var templateValue: TemplateValue { .bool(self) }
}

extension Array: TemplateRenderable where Element: TemplateRenderable {
    package var templateValue: TemplateValue { .list(map(\.templateValue)) }
}

extension Optional: TemplateRenderable where Wrapped: TemplateRenderable {
    package var templateValue: TemplateValue { self?.templateValue ?? .null }
}

/// Dictionaries render as objects; their order is unspecified, which lookups do not notice.
extension Dictionary: TemplateRenderable where Key == String, Value: TemplateRenderable {
    package var templateValue: TemplateValue {
        .object(TemplateObject(lazy.map { ($0.key, $0.value.templateValue) }))
    }
}
