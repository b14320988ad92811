/// Why a filter could not be parsed, with the character offset where it went wrong; SCIM answers it as
/// 400 with `scimType: invalidFilter` (RFC 7644 §3.12).
package struct SCIMFilterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Characters (Unicode scalars) from the start of the filter.
    package let offset: Int
    package let reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    package var description: String { "invalid filter at character \(offset + 1): \(reason)" }
}
