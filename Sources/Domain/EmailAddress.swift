/// A pragmatic email address check, and the form used to compare addresses.
///
/// Deliberately not RFC 5322: quoted local parts and comments are legal there but never appear in a
/// directory, and accepting them would let look-alike addresses in. What is checked is what catches typos.
package enum EmailAddress {
    /// Why `value` is not a usable address, or nil when it is.
    package static func problem(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.utf8.count > 254 { return "must be at most 254 bytes" }
        if value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }) {
            return "must not contain spaces or control characters"
        }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must contain exactly one @" }
        let (local, domain) = (parts[0], parts[1])
        if local.isEmpty { return "must have a name before the @" }
        if domain.isEmpty || !domain.contains(".") || domain.hasPrefix(".") || domain.hasSuffix(".") || domain.contains("..") {
            return "must have a domain such as example.com after the @"
        }
        return nil
    }

    /// The comparison form: addresses differing only by case are the same user.
    package static func normalized(_ value: String) -> String { value.lowercased() }
}
