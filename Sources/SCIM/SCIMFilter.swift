/// A parsed SCIM filter (RFC 7644 §3.4.2.2): what `GET /Users?filter=…` and PATCH value paths select.
///
/// `description` writes the filter back in the grammar, fully parenthesised where precedence would
/// otherwise matter, so parsing a description gives the same filter again.
package indirect enum SCIMFilter: Hashable, Sendable, CustomStringConvertible {
    /// `attrPath op value`, e.g. `userName eq "bjensen"`.
    case compare(SCIMAttributePath, SCIMComparison, SCIMFilterValue)
    /// `attrPath pr`: the attribute has a non-empty value.
    case present(SCIMAttributePath)
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)
    /// `attrPath[valFilter]`: some value of a multi-valued attribute matches, e.g. `emails[type eq "work"]`;
    /// attribute paths inside the brackets name its sub-attributes.
    case valuePath(SCIMAttributePath, SCIMFilter)

    package var description: String {
        switch self {
        case .compare(let path, let comparison, let value): "\(path) \(comparison.rawValue) \(value)"
        case .present(let path): "\(path) pr"
        case .and(let left, let right): "(\(left) and \(right))"
        case .or(let left, let right): "(\(left) or \(right))"
        case .not(let inner): "not (\(inner))"
        case .valuePath(let path, let inner): "\(path)[\(inner)]"
        }
    }

    /// Parses `text`, or throws `SCIMFilterError` naming what is wrong and where.
    package static func parse(_ text: String) throws(SCIMFilterError) -> SCIMFilter {
        var parser = SCIMFilterParser(text)
        return try parser.parseWhole()
    }
}
