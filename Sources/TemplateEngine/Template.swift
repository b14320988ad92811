import Synchronization

/// A compiled template, ready to render: a flat instruction list over static bytes and
/// pre-split value paths, with every partial and parent already spliced in.
///
/// Rendering does no file I/O and no parsing; it copies static bytes, looks names up on the
/// context stack and writes values straight into the output buffer.
package struct Template: Sendable {
    /// The template's name: its path under the templates directory without `.mustache`.
    package let name: String
    let instructions: [TemplateInstruction]
    let text: [UInt8]
    let paths: [[String]]
    /// How many values the context stack can hold at most: the root and one per open section.
    let stackDepth: Int
    /// The size of the last render, so the next one can reserve its buffer in one go.
    private let lastSize: RenderSizeHint

    init(name: String, builder: InstructionBuilder) {
        self.name = name
        instructions = builder.instructions
        text = builder.text
        paths = builder.paths
        stackDepth = builder.maxSectionDepth + 1
        lastSize = RenderSizeHint()
    }

    /// How many bytes to reserve before rendering: the last render's size, or the static
    /// text when this is the first.
    var expectedSize: Int {
        max(lastSize.bytes.load(ordering: .relaxed), text.count)
    }

    func recordSize(_ bytes: Int) {
        lastSize.bytes.store(bytes, ordering: .relaxed)
    }
}

private final class RenderSizeHint: Sendable {
    let bytes = Atomic<Int>(0)
}
