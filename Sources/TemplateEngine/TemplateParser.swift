/// Turns one template file into `ParsedNode`s, applying the Mustache standalone-line rules.
///
/// A section, inverted, closing, comment, partial, parent or block tag that sits alone on
/// its line (only spaces or tabs around it) takes the whole line with it, newline included,
/// so templates can be laid out like the HTML they produce without leaving blank lines.
struct TemplateParser {
    private let source: [UInt8]
    private let file: String
    /// Subtracted from reported columns when parsing a partial re-indented for a standalone
    /// tag, so errors still point into the file as written.
    private let columnShift: Int
    private var counter = LineCounter()
    private var frames = [Frame(kind: .root, name: "", location: nil)]

    /// Parses `source`, the contents of `file` (a path relative to the templates directory).
    static func parse(_ source: [UInt8], file: String, columnShift: Int = 0) throws(TemplateError) -> [ParsedNode] {
        var parser = TemplateParser(source: source, file: file, columnShift: columnShift)
        return try parser.parse()
    }

    private init(source: [UInt8], file: String, columnShift: Int) {
        self.source = source
        self.file = file
        self.columnShift = columnShift
    }

    private mutating func parse() throws(TemplateError) -> [ParsedNode] {
        var cursor = 0
        while let tagStart = firstOpening(from: cursor) {
            let tag = try readTag(at: tagStart)
            var textEnd = tagStart
            var indentation: [UInt8] = []
            var resume = tag.end
            if tag.kind.mayStandAlone, let line = standaloneLine(tagStart: tagStart, tagEnd: tag.end) {
                textEnd = line.start
                indentation = Array(source[line.start..<tagStart])
                resume = line.next
            }
            if cursor < textEnd {
                append(.text(Array(source[cursor..<textEnd])))
            }
            try handle(tag, at: tagStart, indentation: indentation)
            cursor = resume
        }
        if cursor < source.count {
            append(.text(Array(source[cursor...])))
        }
        if let unclosed = frames.last, let location = unclosed.location {
            throw location.error("unclosed \(unclosed.kind.noun) '\(unclosed.name)'")
        }
        return frames[0].nodes
    }

    // MARK: Tags

    private enum TagKind {
        case variable(escaped: Bool)
        case comment, section, inverted, close, partial, parent, block, delimiters

        /// Tags that produce no output of their own may take their line with them.
        var mayStandAlone: Bool {
            switch self {
            case .variable: false
            default: true
            }
        }
    }

    private struct Tag {
        var kind: TagKind
        var name: String
        var end: Int
    }

    private mutating func readTag(at start: Int) throws(TemplateError) -> Tag {
        var contentStart = start + 2
        let triple = contentStart < source.count && source[contentStart] == Byte.openBrace
        if triple { contentStart += 1 }
        guard let closeStart = firstClosing(from: contentStart) else {
            throw error(
                at: start, triple ? "unclosed triple mustache: '{{{' without '}}}'" : "unclosed tag: '{{' without '}}'")
        }
        var end = closeStart + 2
        if triple {
            guard end < source.count, source[end] == Byte.closeBrace else {
                throw error(at: start, "unclosed triple mustache: '{{{' without '}}}'")
            }
            end += 1
        }
        var content = source[contentStart..<closeStart]
        var kind = TagKind.variable(escaped: !triple)
        if !triple, let sigil = content.first, let sigilKind = Self.kind(ofSigil: sigil) {
            kind = sigilKind
            content = content.dropFirst()
        }
        return Tag(kind: kind, name: String(decoding: trimmed(content), as: UTF8.self), end: end)
    }

    private static func kind(ofSigil sigil: UInt8) -> TagKind? {
        switch sigil {
        case UInt8(ascii: "!"): .comment
        case UInt8(ascii: "#"): .section
        case UInt8(ascii: "^"): .inverted
        case UInt8(ascii: "/"): .close
        case UInt8(ascii: ">"): .partial
        case UInt8(ascii: "<"): .parent
        case UInt8(ascii: "$"): .block
        case UInt8(ascii: "&"): .variable(escaped: false)
        case UInt8(ascii: "="): .delimiters
        default: nil
        }
    }

    private mutating func handle(_ tag: Tag, at start: Int, indentation: [UInt8]) throws(TemplateError) {
        switch tag.kind {
        case .comment:
            break
        case .delimiters:
            throw error(at: start, "set-delimiter tags are not supported")
        case .variable(let escaped):
            append(.variable(path: try valuePath(tag.name, at: start), escaped: escaped))
        case .section, .inverted:
            let path = try valuePath(tag.name, at: start)
            let inverted = if case .inverted = tag.kind { true } else { false }
            frames.append(
                Frame(kind: .section(path: path, inverted: inverted), name: tag.name, location: location(of: start)))
        case .block:
            try validateName(tag.name, at: start)
            frames.append(Frame(kind: .block, name: tag.name, location: location(of: start)))
        case .parent:
            try validateName(tag.name, at: start)
            frames.append(Frame(kind: .parent(indentation: indentation), name: tag.name, location: location(of: start)))
        case .partial:
            try validateName(tag.name, at: start)
            append(.partial(name: tag.name, indentation: indentation, location: location(of: start)))
        case .close:
            try close(tag.name, at: start)
        }
    }

    private mutating func close(_ name: String, at start: Int) throws(TemplateError) {
        guard !name.isEmpty else { throw error(at: start, "empty tag name") }
        guard frames.count > 1, let open = frames.last, let openLocation = open.location else {
            throw error(at: start, "unexpected closing tag '\(name)': nothing is open")
        }
        guard open.name == name else {
            throw error(at: start, "closing tag '\(name)' does not match open \(open.kind.noun) '\(open.name)'")
        }
        frames.removeLast()
        switch open.kind {
        case .root:
            break
        case .section(let path, let inverted):
            append(.section(path: path, inverted: inverted, children: open.nodes))
        case .parent(let indentation):
            append(.parent(name: name, indentation: indentation, overrides: open.overrides, location: openLocation))
        case .block:
            guard case .parent = frames[frames.count - 1].kind else {
                append(.block(name: name, children: open.nodes))
                return
            }
            guard !frames[frames.count - 1].overrides.contains(where: { $0.name == name }) else {
                throw openLocation.error("block '\(name)' is overridden twice")
            }
            frames[frames.count - 1].overrides.append((name: name, children: open.nodes))
        }
    }

    // MARK: Structure

    /// An open section, parent or block collecting its children until its closing tag.
    private struct Frame {
        enum Kind {
            case root
            case section(path: [String], inverted: Bool)
            case parent(indentation: [UInt8])
            case block

            var noun: String {
                switch self {
                case .root, .section: "section"
                case .parent: "parent"
                case .block: "block"
                }
            }
        }

        var kind: Kind
        var name: String
        var location: SourceLocation?
        var nodes: [ParsedNode] = []
        var overrides: [(name: String, children: [ParsedNode])] = []
    }

    private mutating func append(_ node: ParsedNode) {
        // Inside a parent tag only blocks matter; the spec has everything else ignored.
        if case .parent = frames[frames.count - 1].kind { return }
        frames[frames.count - 1].nodes.append(node)
    }

    // MARK: Names

    private mutating func validateName(_ name: String, at start: Int) throws(TemplateError) {
        guard !name.isEmpty else { throw error(at: start, "empty tag name") }
        guard !name.utf8.contains(where: Byte.isWhitespace) else {
            throw error(at: start, "invalid tag name '\(name)': names cannot contain whitespace")
        }
    }

    /// Splits a value name on dots once, here, so rendering never searches strings.
    private mutating func valuePath(_ name: String, at start: Int) throws(TemplateError) -> [String] {
        try validateName(name, at: start)
        if name == "." { return [] }
        let components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !components.contains(where: \.isEmpty) else {
            throw error(at: start, "invalid tag name '\(name)': empty part between dots")
        }
        return components
    }

    // MARK: Bytes

    private func firstOpening(from start: Int) -> Int? {
        var index = start
        while index + 1 < source.count {
            if source[index] == Byte.openBrace, source[index + 1] == Byte.openBrace { return index }
            index += 1
        }
        return nil
    }

    private func firstClosing(from start: Int) -> Int? {
        var index = start
        while index + 1 < source.count {
            if source[index] == Byte.closeBrace, source[index + 1] == Byte.closeBrace { return index }
            index += 1
        }
        return nil
    }

    /// The line around a tag when nothing but spaces and tabs share it: where the line
    /// starts and where the next one begins (past `\n` or `\r\n`, or at the end of the file).
    private func standaloneLine(tagStart: Int, tagEnd: Int) -> (start: Int, next: Int)? {
        var start = tagStart
        while start > 0, source[start - 1] != Byte.newline {
            guard Byte.isBlank(source[start - 1]) else { return nil }
            start -= 1
        }
        var next = tagEnd
        while next < source.count, Byte.isBlank(source[next]) { next += 1 }
        if next == source.count { return (start, next) }
        if source[next] == Byte.newline { return (start, next + 1) }
        if source[next] == Byte.carriageReturn, next + 1 < source.count, source[next + 1] == Byte.newline {
            return (start, next + 2)
        }
        return nil
    }

    private func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        while let first = bytes.first, Byte.isWhitespace(first) { bytes.removeFirst() }
        while let last = bytes.last, Byte.isWhitespace(last) { bytes.removeLast() }
        return bytes
    }

    // MARK: Positions

    /// Counts lines incrementally: tags are visited in order, so each byte is counted once.
    private struct LineCounter {
        var offset = 0
        var line = 1
        var lineStart = 0
    }

    private mutating func location(of offset: Int) -> SourceLocation {
        precondition(offset >= counter.offset, "locations are requested in source order")
        while counter.offset < offset {
            if source[counter.offset] == Byte.newline {
                counter.line += 1
                counter.lineStart = counter.offset + 1
            }
            counter.offset += 1
        }
        // Columns count Unicode scalars, as editors do, so skip UTF-8 continuation bytes.
        let scalars = source[counter.lineStart..<offset].count { $0 & 0b1100_0000 != 0b1000_0000 }
        return SourceLocation(file: file, line: counter.line, column: scalars + 1 - columnShift)
    }

    private mutating func error(at offset: Int, _ message: String) -> TemplateError {
        location(of: offset).error(message)
    }
}
