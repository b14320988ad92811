/// A template as written, before partials and parents are expanded.
///
/// Names of values are already split on dots (an empty path is the implicit iterator `.`),
/// and standalone-line whitespace is already removed, so expansion only has to splice trees.
indirect enum ParsedNode: Sendable {
    case text([UInt8])
    case variable(path: [String], escaped: Bool)
    case section(path: [String], inverted: Bool, children: [ParsedNode])
    /// `{{> name}}`; `indentation` is the whitespace before a standalone tag, to be prepended
    /// to every line of the partial as the Mustache spec asks.
    case partial(name: String, indentation: [UInt8], location: SourceLocation)
    /// `{{< name}}…{{/name}}`: only the blocks inside count, in source order; everything
    /// else is ignored.
    case parent(
        name: String, indentation: [UInt8], overrides: [(name: String, children: [ParsedNode])],
        location: SourceLocation)
    /// `{{$ name}}default{{/name}}`: a place an including template may override.
    case block(name: String, children: [ParsedNode])
}
