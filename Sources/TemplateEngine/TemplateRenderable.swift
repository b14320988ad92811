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
    package var templateValue: TemplateValue {
        // Reached through `any TemplateRenderable` this runs unspecialized, where `map` pays
        // generic overhead per element; the two common element types skip it, and an array
        // of values (`accounts.map(\.templateValue)`) is used as it is, without a copy.
        if Element.self == TemplateValue.self {
            return .list(unsafeBitCast(self, to: [TemplateValue].self))
        }
        if Element.self == String.self {
            return .list(unsafeBitCast(self, to: [String].self).map { .string($0) })
        }
        return .list(map { $0.templateValue })
    }
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
