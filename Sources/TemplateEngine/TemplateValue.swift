/// The data a template renders: a closed set of cases, so rendering never needs reflection.
///
/// Mirror-based engines pay for every lookup with reflection and existential boxing; a plain
/// enum lets the renderer switch on a tag and read the payload directly. Call sites build
/// values with literals or through `TemplateRenderable`.
package enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// Trusted HTML, written unescaped even by `{{name}}`; never put user input here.
    case raw(String)
    case null

    /// Mustache truthiness: what makes a section render and an inverted section not.
    ///
    /// Every `Int` is truthy, zero included, so a count of 0 still renders in `{{#count}}`.
    package var isTruthy: Bool {
        switch self {
        case .string(let string), .raw(let string): !string.isEmpty
        case .int: true
        case .bool(let bool): bool
        case .list(let items): !items.isEmpty
        case .object: true
        case .null: false
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension TemplateValue: ExpressibleByNilLiteral {
    package init(nilLiteral: ()) {
        self = .null
    }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    package init(arrayLiteral elements: any TemplateRenderable...) {
        self = .list(elements.map { $0.templateValue })
    }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, any TemplateRenderable)...) {
        self = .object(TemplateObject(literal: elements))
    }
}
