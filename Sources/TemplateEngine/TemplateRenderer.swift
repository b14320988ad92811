/// Runs a compiled template's instructions against a context stack.
///
/// It works on unsafe views of the template's arrays: the template outlives the render,
/// and reading through raw buffers spares the bounds checks and reference counting that
/// would otherwise cost more than the copying itself.
struct TemplateRenderer {
    let instructions: UnsafeBufferPointer<TemplateInstruction>
    let text: UnsafeBufferPointer<UInt8>
    let paths: UnsafeBufferPointer<[String]>

    func run(from start: Int, to end: Int, stack: inout [TemplateValue], into writer: inout ByteWriter) {
        var index = start
        while index < end {
            switch instructions[index] {
            case .text(let textStart, let textEnd):
                writer.append(UnsafeBufferPointer(rebasing: text[textStart..<textEnd]))
                index += 1
            case .variable(let path, let escaped):
                write(resolve(path, in: stack), escaped: escaped, into: &writer)
                index += 1
            case .section(let path, let inverted, let sectionEnd):
                let value = resolve(path, in: stack)
                if inverted {
                    if !value.isTruthy {
                        run(from: index + 1, to: sectionEnd, stack: &stack, into: &writer)
                    }
                } else if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        run(from: index + 1, to: sectionEnd, stack: &stack, into: &writer)
                        stack.removeLast()
                    }
                } else if value.isTruthy {
                    stack.append(value)
                    run(from: index + 1, to: sectionEnd, stack: &stack, into: &writer)
                    stack.removeLast()
                }
                index = sectionEnd
            }
        }
    }

    /// Mustache name resolution: the first part is looked up from the top of the context
    /// stack down; the remaining parts only inside what it found, so a broken chain is
    /// empty rather than picking up an unrelated value further down the stack.
    private func resolve(_ pathIndex: Int, in stack: [TemplateValue]) -> TemplateValue {
        let path = UnsafePointer(paths.baseAddress! + pathIndex)
        let count = path.pointee.count
        if count == 0 { return stack[stack.count - 1] }
        return stack.withUnsafeBufferPointer { frames in
            var level = frames.count
            while level > 0 {
                level -= 1
                if let found = frames[level].value(forKey: path.pointee[0]) {
                    var value = found
                    var component = 1
                    while component < count {
                        guard let next = value.value(forKey: path.pointee[component]) else { return .null }
                        value = next
                        component += 1
                    }
                    return value
                }
            }
            return .null
        }
    }

    private func write(_ value: TemplateValue, escaped: Bool, into writer: inout ByteWriter) {
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
