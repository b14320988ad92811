/// Expands partials and parents into flat `Template`s, once, when a library loads.
///
/// Every reference is resolved here, so a missing partial fails the boot instead of a
/// request, and rendering never looks anything up by template name.
struct TemplateCompiler {
    static let fileExtension = "mustache"

    private let sources: [String: [UInt8]]
    /// Parsed templates by name and by the indentation a standalone tag asked for; the
    /// unindented parse of every file is made up front.
    private var parsed: [ParsedKey: [ParsedNode]] = [:]

    private struct ParsedKey: Hashable {
        var name: String
        var indentation: [UInt8]
    }

    /// The content a parent tag gave a block, with the overrides that were in force where
    /// it was written: an override's own blocks are resolved in its author's scope.
    private struct Override {
        var nodes: [ParsedNode]
        var scope: [String: Override]
    }

    /// One template being expanded. The same template may legitimately appear twice in
    /// the chain when different blocks are overridden (a parent whose default includes a
    /// parent that includes it back, overriding that default), so a cycle is the same name
    /// with the same overridden blocks: expanding it again could only repeat forever.
    private struct Inclusion: Equatable {
        var name: String
        var overriddenBlocks: Set<String>
    }

    /// Parses every source and checks that each partial and parent it names exists.
    init(sources: [String: [UInt8]]) throws(TemplateError) {
        self.sources = sources
        let names = sources.keys.sorted()
        for name in names {
            let source = sources[name]!
            guard String(validating: source, as: UTF8.self) != nil else {
                throw TemplateError(file: Self.file(of: name), message: "not valid UTF-8")
            }
            parsed[ParsedKey(name: name, indentation: [])] = try TemplateParser.parse(source, file: Self.file(of: name))
        }
        for name in names {
            try checkReferences(in: parsed[ParsedKey(name: name, indentation: [])]!)
        }
    }

    /// Compiles every template, in name order so the first error reported is stable.
    mutating func compileAll() throws(TemplateError) -> [String: Template] {
        var templates: [String: Template] = [:]
        for name in sources.keys.sorted() {
            var builder = InstructionBuilder()
            var chain = [Inclusion(name: name, overriddenBlocks: [])]
            try expand(nodes(of: name, indentedBy: []), scope: [:], chain: &chain, into: &builder)
            templates[name] = Template(name: name, builder: builder)
        }
        return templates
    }

    static func file(of name: String) -> String {
        "\(name).\(fileExtension)"
    }

    private func checkReferences(in nodes: [ParsedNode]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text, .variable:
                break
            case .section(_, _, let children), .block(_, let children):
                try checkReferences(in: children)
            case .partial(let name, _, let location):
                guard sources[name] != nil else { throw location.error("unknown partial '\(name)'") }
            case .parent(let name, _, let overrides, let location):
                guard sources[name] != nil else { throw location.error("unknown parent '\(name)'") }
                for override in overrides {
                    try checkReferences(in: override.children)
                }
            }
        }
    }

    private mutating func expand(
        _ nodes: [ParsedNode], scope: [String: Override], chain: inout [Inclusion],
        into builder: inout InstructionBuilder
    ) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                builder.appendText(bytes)
            case .variable(let path, let escaped):
                builder.appendVariable(path: path, escaped: escaped)
            case .section(let path, let inverted, let children):
                let start = builder.beginSection(path: path, inverted: inverted)
                try expand(children, scope: scope, chain: &chain, into: &builder)
                builder.endSection(start)
            case .block(let name, let children):
                if let override = scope[name] {
                    try expand(override.nodes, scope: override.scope, chain: &chain, into: &builder)
                } else {
                    try expand(children, scope: scope, chain: &chain, into: &builder)
                }
            case .partial(let name, let indentation, let location):
                // A partial is a parent without overrides: blocks inside it still see the
                // overrides in force, so a layout's header partial can show a page's title.
                try include(name, indentation: indentation, scope: scope, at: location, chain: &chain, into: &builder)
            case .parent(let name, let indentation, let overrides, let location):
                // Outer overrides win: in a chain page -> layout -> base, what the page
                // says about a block beats what the layout says about it.
                var inner = scope
                for override in overrides where scope[override.name] == nil {
                    inner[override.name] = Override(nodes: override.children, scope: scope)
                }
                try include(name, indentation: indentation, scope: inner, at: location, chain: &chain, into: &builder)
            }
        }
    }

    private mutating func include(
        _ name: String, indentation: [UInt8], scope: [String: Override], at location: SourceLocation,
        chain: inout [Inclusion], into builder: inout InstructionBuilder
    ) throws(TemplateError) {
        let inclusion = Inclusion(name: name, overriddenBlocks: Set(scope.keys))
        if let first = chain.firstIndex(of: inclusion) {
            let cycle = (chain[first...].map(\.name) + [name]).joined(separator: " -> ")
            throw location.error("recursive partial '\(name)': \(cycle)")
        }
        chain.append(inclusion)
        try expand(nodes(of: name, indentedBy: indentation), scope: scope, chain: &chain, into: &builder)
        chain.removeLast()
    }

    /// The parsed template, re-parsed with `indentation` before each line when a standalone
    /// tag asked for it. Indenting the source (rather than the output) is what the spec
    /// describes, and it keeps lines removed as standalone inside the partial removed.
    private mutating func nodes(of name: String, indentedBy indentation: [UInt8]) throws(TemplateError) -> [ParsedNode] {
        let key = ParsedKey(name: name, indentation: indentation)
        if let nodes = parsed[key] { return nodes }
        let source = Self.indent(sources[name]!, by: indentation)
        let nodes = try TemplateParser.parse(source, file: Self.file(of: name), columnShift: indentation.count)
        parsed[key] = nodes
        return nodes
    }

    /// Prepends `indentation` to every line of `source`; a final newline starts no line.
    private static func indent(_ source: [UInt8], by indentation: [UInt8]) -> [UInt8] {
        guard !indentation.isEmpty, !source.isEmpty else { return source }
        var indented = indentation
        indented.reserveCapacity(source.count + source.count / 8 * indentation.count)
        for index in source.indices {
            indented.append(source[index])
            if source[index] == Byte.newline, index + 1 < source.count {
                indented.append(contentsOf: indentation)
            }
        }
        return indented
    }
}
