/// Every problem found in one value, thrown by code that refuses to store an invalid value.
package struct ValidationErrors: Error, Hashable, Sendable, CustomStringConvertible {
    package let errors: [FieldError]

    package init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// Throws when `errors` is not empty.
    package static func check(_ errors: [FieldError]) throws(ValidationErrors) {
        guard errors.isEmpty else { throw ValidationErrors(errors) }
    }

    package var description: String { errors.map(\.description).joined(separator: "; ") }
}
