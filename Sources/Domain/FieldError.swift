/// Why one field of a value is invalid, in words an admin can act on.
///
/// `field` is the directory file's key (`session_duration`, `managed_policies[2]`), so the admin forms can
/// show `reason` beside the input and `portico apply` can prefix the item's JSON path.
package struct FieldError: Hashable, Sendable, CustomStringConvertible {
    package let field: String
    package let reason: String

    package init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String { "\(field): \(reason)" }
}
