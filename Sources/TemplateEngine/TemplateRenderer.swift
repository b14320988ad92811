import Bytes

/// Runs a compiled template's instructions against a context stack.
///
/// Values stay where the caller built them. The stack holds pointers into the context, and
/// each pointer is taken inside the `withUnsafeBufferPointer` (or `withUnsafePointer`) call
/// that keeps its storage pinned, with the rest of the render for that value running inside
/// the same call. Copying values onto a stack and out of objects instead costs a retain and
/// a release per name and per element, which on a page of a few hundred tiles adds up to
/// more than copying the bytes themselves.
struct TemplateRenderer: ~Copyable {
    private let instructions: UnsafeBufferPointer<TemplateInstruction>
    private let text: UnsafeBufferPointer<UInt8>
    private let paths: UnsafeBufferPointer<[String]>
    private var stack: ContextStack

    init(
        instructions: UnsafeBufferPointer<TemplateInstruction>, text: UnsafeBufferPointer<UInt8>,
        paths: UnsafeBufferPointer<[String]>, stackDepth: Int
    ) {
        self.instructions = instructions
        self.text = text
        self.paths = paths
        stack = ContextStack(capacity: stackDepth)
    }

    mutating func render(_ root: UnsafePointer<TemplateValue>, into writer: inout ByteWriter) {
        withFrame(for: root) { renderer in
            renderer.run(from: 0, to: renderer.instructions.count, into: &writer)
        }
    }

    private mutating func run(from start: Int, to end: Int, into writer: inout ByteWriter) {
        var index = start
        while index < end {
            switch instructions[index] {
            case .text(let textStart, let textEnd):
                writer.append(UnsafeBufferPointer(rebasing: text[textStart..<textEnd]))
                index += 1
            case .variable(let path, let escaped):
                withValue(at: path) { _, value in
                    if let value { Self.write(value.pointee, escaped: escaped, into: &writer) }
                }
                index += 1
            case .section(let path, let inverted, let sectionEnd):
                let body = index + 1
                withValue(at: path) { renderer, value in
                    if inverted {
                        if !(value?.pointee.isTruthy ?? false) {
                            renderer.run(from: body, to: sectionEnd, into: &writer)
                        }
                    } else if let value {
                        renderer.runSection(for: value, from: body, to: sectionEnd, into: &writer)
                    }
                }
                index = sectionEnd
            }
        }
    }

    /// A list renders the body per element, any other truthy value once; either way with
    /// that value on top of the stack.
    private mutating func runSection(
        for value: UnsafePointer<TemplateValue>, from start: Int, to end: Int, into writer: inout ByteWriter
    ) {
        Self.withElements(of: value.pointee) { elements in
            if let elements {
                for element in elements.indices {
                    withFrame(for: elements.baseAddress! + element) { renderer in
                        renderer.run(from: start, to: end, into: &writer)
                    }
                }
            } else if value.pointee.isTruthy {
                withFrame(for: value) { renderer in
                    renderer.run(from: start, to: end, into: &writer)
                }
            }
        }
    }

    /// Pushes `value` for the duration of `body`, pinning an object's entries so lookups
    /// can scan them in place.
    private mutating func withFrame(for value: UnsafePointer<TemplateValue>, _ body: (inout Self) -> Void) {
        Self.withEntries(of: value.pointee) { entries in
            stack.push(ContextStack.Frame(value: value, entries: entries))
            body(&self)
            stack.pop()
        }
    }

    /// Calls `body` with a list's elements, or with nil when `value` is not a list.
    private static func withElements(
        of value: borrowing TemplateValue, _ body: (UnsafeBufferPointer<TemplateValue>?) -> Void
    ) {
        switch value {
        case .list(let items): items.withUnsafeBufferPointer { body($0) }
        default: body(nil)
        }
    }

    /// Calls `body` with an object's entries, or with none when `value` is not an object.
    private static func withEntries(
        of value: borrowing TemplateValue, _ body: (UnsafeBufferPointer<TemplateObject.Entry>) -> Void
    ) {
        switch value {
        case .object(let object): object.withEntries(body)
        default: body(UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    /// Calls `body` with the value `paths[pathIndex]` names, or nil when there is none.
    ///
    /// Mustache name resolution: the first part is looked up from the top of the context
    /// stack down; the remaining parts only inside what it found, so a broken chain is
    /// empty rather than picking up an unrelated value further down the stack.
    private mutating func withValue(
        at pathIndex: Int, _ body: (inout Self, UnsafePointer<TemplateValue>?) -> Void
    ) {
        let path = paths.baseAddress! + pathIndex
        guard !path.pointee.isEmpty else {
            body(&self, stack.top.value)
            return
        }
        let found = stack.find(path.pointee[0])
        if path.pointee.count == 1 || found == nil {
            body(&self, found)
        } else {
            withValue(inside: found!, path: path, component: 1, body)
        }
    }

    private mutating func withValue(
        inside value: UnsafePointer<TemplateValue>, path: UnsafePointer<[String]>, component: Int,
        _ body: (inout Self, UnsafePointer<TemplateValue>?) -> Void
    ) {
        Self.withEntries(of: value.pointee) { entries in
            let next = ContextStack.find(path.pointee[component], in: entries)
            if component + 1 == path.pointee.count || next == nil {
                body(&self, next)
            } else {
                withValue(inside: next!, path: path, component: component + 1, body)
            }
        }
    }

    private static func write(_ value: borrowing TemplateValue, escaped: Bool, into writer: inout ByteWriter) {
        switch value {
        case .string(let string):
            if escaped {
                writer.appendEscaped(string)
            } else {
                writer.appendRaw(string)
            }
        case .raw(let html):
            writer.appendRaw(html)
        case .int(let int):
            writer.appendDecimal(int)
        case .bool(let bool):
            writer.append(bool ? "true" : "false")
        case .list, .object, .null:
            // Containers have no text of their own; sections are how templates use them.
            break
        }
    }
}
