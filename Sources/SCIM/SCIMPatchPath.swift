/// Where a PATCH operation applies (RFC 7644 §3.5.2): an attribute, or the values of a multi-valued one a
/// filter selects, optionally narrowed to one of their sub-attributes.
///
/// `members[value eq "2819c223"]` is how Microsoft Entra removes one member; `emails[type eq "work"].value`
/// how it changes the work address.
package struct SCIMPatchPath: Hashable, Sendable, CustomStringConvertible {
    package var attribute: SCIMAttributePath
    /// The value filter in brackets; attribute paths in it name sub-attributes of `attribute`.
    package var filter: SCIMFilter?
    /// The sub-attribute after the brackets.
    package var subAttribute: String?

    package init(attribute: SCIMAttributePath, filter: SCIMFilter? = nil, subAttribute: String? = nil) {
        self.attribute = attribute
        self.filter = filter
        self.subAttribute = subAttribute
    }

    package var description: String {
        attribute.description + (filter.map { "[\($0)]" } ?? "") + (subAttribute.map { "." + $0 } ?? "")
    }

    /// Parses `text`, or throws `SCIMFilterError` naming what is wrong and where (a 400 `invalidPath`).
    package static func parse(_ text: String) throws(SCIMFilterError) -> SCIMPatchPath {
        var parser = SCIMFilterParser(text)
        return try parser.parsePatchPathWhole()
    }
}
