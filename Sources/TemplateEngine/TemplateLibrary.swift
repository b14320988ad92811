/// Every template under the `Templates/` directory, compiled once at boot.
///
/// Loading reads and compiles all `*.mustache` files and resolves every partial and parent,
/// so a syntax error or a missing partial stops the boot with `file:line:column` rather
/// than failing a request later. After loading nothing touches the file system.
///
/// The syntax is Mustache's: `{{name}}` (HTML-escaped), `{{{name}}}` and `{{& name}}`
/// (raw), `{{user.name}}`, `{{.}}`, `{{#items}}…{{/items}}`, `{{^items}}…{{/items}}`,
/// `{{! comment }}`, `{{> partials/header}}`, and layouts with
/// `{{< layout}}{{$content}}…{{/content}}{{/layout}}`. There are no lambdas and no
/// set-delimiter tags.
package final class TemplateLibrary: Sendable {
    /// Where the templates came from, for error messages.
    package let directory: String
    private let templates: [String: Template]

    /// Loads every `*.mustache` file under `directory`; `pages/home.mustache` becomes the
    /// template named `pages/home`, which is also how partials and parents refer to it.
    package static func load(directory: String) throws(TemplateError) -> TemplateLibrary {
        try TemplateLibrary(compiling: TemplateDirectory.sources(in: directory), directory: directory)
    }

    /// Compiles templates given as source text, keyed by name; for tests and tools.
    package convenience init(sources: [String: String], directory: String = "(in memory)") throws(TemplateError) {
        try self.init(compiling: sources.mapValues { Array($0.utf8) }, directory: directory)
    }

    private init(compiling sources: [String: [UInt8]], directory: String) throws(TemplateError) {
        var compiler = try TemplateCompiler(sources: sources)
        templates = try compiler.compileAll()
        self.directory = directory
    }

    /// The names of all templates, sorted.
    package var names: [String] {
        templates.keys.sorted()
    }

    package func template(named name: String) throws(TemplateError) -> Template {
        guard let template = templates[name] else {
            throw TemplateError(
                message: "template '\(name)' not found: no \(TemplateCompiler.file(of: name)) in \(directory)")
        }
        return template
    }

    /// Fails unless every named template exists; call it at boot with the pages handlers
    /// render, so a typo in a page name stops the server instead of a request.
    package func require(_ names: [String]) throws(TemplateError) {
        let missing = names.filter { templates[$0] == nil }
        if missing.count == 1 {
            _ = try template(named: missing[0])
        } else if !missing.isEmpty {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw TemplateError(message: "templates \(list) not found in \(directory)")
        }
    }
}
