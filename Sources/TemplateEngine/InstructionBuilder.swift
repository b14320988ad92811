/// Accumulates a template's flat instruction list while partials and parents are spliced in.
struct InstructionBuilder {
    private(set) var instructions: [TemplateInstruction] = []
    private(set) var text: [UInt8] = []
    private(set) var paths: [[String]] = []
    /// The deepest section nesting so far: the renderer sizes its context stack from it.
    private(set) var maxSectionDepth = 0
    private var sectionDepth = 0
    private var pathIndices: [[String]: Int] = [:]
    /// Whether the last instruction is text that new text may extend; never across a
    /// section boundary, where the two runs execute under different conditions.
    private var canExtendText = false

    mutating func appendText(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if canExtendText, case .text(let start, let end) = instructions[instructions.count - 1] {
            instructions[instructions.count - 1] = .text(start: start, end: end + bytes.count)
        } else {
            instructions.append(.text(start: text.count, end: text.count + bytes.count))
        }
        text.append(contentsOf: bytes)
        canExtendText = true
    }

    mutating func appendVariable(path: [String], escaped: Bool) {
        instructions.append(.variable(path: index(of: path), escaped: escaped))
        canExtendText = false
    }

    /// Starts a section; pass the result to `endSection(_:)` once its body is appended.
    mutating func beginSection(path: [String], inverted: Bool) -> Int {
        instructions.append(.section(path: index(of: path), inverted: inverted, end: -1))
        canExtendText = false
        sectionDepth += 1
        maxSectionDepth = max(maxSectionDepth, sectionDepth)
        return instructions.count - 1
    }

    mutating func endSection(_ start: Int) {
        guard case .section(let path, let inverted, _) = instructions[start] else {
            preconditionFailure("endSection(_:) needs the index beginSection(path:inverted:) returned")
        }
        instructions[start] = .section(path: path, inverted: inverted, end: instructions.count)
        canExtendText = false
        sectionDepth -= 1
    }

    private mutating func index(of path: [String]) -> Int {
        if let index = pathIndices[path] { return index }
        paths.append(path)
        pathIndices[path] = paths.count - 1
        return paths.count - 1
    }
}
