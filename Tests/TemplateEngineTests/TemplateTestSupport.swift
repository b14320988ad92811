import Foundation
import TemplateEngine

/// Compiles `template` as `test` next to `partials` and renders it.
func render(_ template: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
    var sources = partials
    sources["test"] = template
    return try TemplateLibrary(sources: sources).template(named: "test").render(context)
}

/// The error compiling `template` (as `test`) with `partials` throws, or nil when it compiles.
func compileError(_ template: String, partials: [String: String] = [:]) -> TemplateError? {
    var sources = partials
    sources["test"] = template
    do {
        _ = try TemplateLibrary(sources: sources)
        return nil
    } catch {
        return error
    }
}

/// Runs `body` with a fresh directory holding `files` (relative path to contents), removed afterwards.
func withTemporaryDirectory<Result>(
    files: [String: String], _ body: (String) throws -> Result
) throws -> Result {
    let fileManager = FileManager.default
    let root = fileManager.temporaryDirectory.appendingPathComponent("portico-templates-\(UUID().uuidString)")
    try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? fileManager.removeItem(at: root) }
    for (path, contents) in files {
        let url = root.appendingPathComponent(path)
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return try body(root.path)
}

/// Escapes the way the engine must, one character at a time, as a reference to compare with.
func referenceEscape(_ string: String) -> String {
    var escaped = ""
    for character in string.unicodeScalars {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.unicodeScalars.append(character)
        }
    }
    return escaped
}
