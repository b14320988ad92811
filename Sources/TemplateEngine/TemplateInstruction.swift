/// One step of a compiled template. The payloads are plain integers, so walking the
/// instruction list costs no reference counting.
enum TemplateInstruction: Sendable {
    /// Copy `text[start..<end]` from the template's static bytes.
    case text(start: Int, end: Int)
    /// Write the value at `paths[path]`, HTML-escaped unless `escaped` is false.
    case variable(path: Int, escaped: Bool)
    /// Run the instructions up to `end` for the value at `paths[path]` (once, per list
    /// element, or not at all), then continue at `end`.
    case section(path: Int, inverted: Bool, end: Int)
}
