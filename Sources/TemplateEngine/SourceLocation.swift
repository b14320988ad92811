/// Where a tag starts in a template file, kept on parsed nodes so errors found after parsing
/// (an unknown partial, a recursive one) can still point at the tag.
struct SourceLocation: Sendable {
    var file: String
    var line: Int
    var column: Int

    func error(_ message: String) -> TemplateError {
        TemplateError(file: file, line: line, column: column, message: message)
    }
}
