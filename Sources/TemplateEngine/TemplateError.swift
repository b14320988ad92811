/// Why templates failed to load, pointing at the offending tag as `file:line:column`.
///
/// Loading happens at boot, so these errors end up in front of whoever edited a template;
/// the position is what lets them jump straight to the mistake.
package struct TemplateError: Error, CustomStringConvertible, Equatable {
    /// The file relative to the templates directory, e.g. `pages/home.mustache`; `nil` when
    /// the error is not about one file (a template that does not exist).
    package var file: String?
    /// 1-based line of the tag, when the error is about a tag.
    package var line: Int?
    /// 1-based column of the tag's first brace, counted in Unicode scalars.
    package var column: Int?
    package var message: String

    package init(file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line, let column {
                prefix += ":\(line):\(column)"
            }
            prefix += ": "
        }
        return prefix + message
    }
}
