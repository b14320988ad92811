/// An attribute a filter or a PATCH path names (RFC 7644 §3.10): an optional schema URI, the attribute,
/// and an optional sub-attribute, as in `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`.
///
/// Attribute names are case-insensitive (RFC 7643 §2.1), so they are kept as written for messages and
/// compared through `key`.
package struct SCIMAttributePath: Hashable, Sendable, CustomStringConvertible {
    /// The schema URI before the attribute, without the separating colon; nil when none was written.
    package var schema: String?
    package var name: String
    package var subAttribute: String?

    package init(schema: String? = nil, name: String, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.subAttribute = subAttribute
    }

    /// `name` or `name.sub`, lowercased: what the attribute is, whatever case the client wrote.
    package var key: String {
        (subAttribute.map { name + "." + $0 } ?? name).lowercased()
    }

    package var description: String {
        (schema.map { $0 + ":" } ?? "") + name + (subAttribute.map { "." + $0 } ?? "")
    }

    /// Whether `text` is an attribute name: a letter, then letters, digits, `-` and `_` (RFC 7643 §2.1).
    static func isName(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
