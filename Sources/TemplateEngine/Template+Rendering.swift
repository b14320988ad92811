import Bytes

extension Template {
    /// Renders against `context`, appending the output to `buffer`.
    package func render(_ context: TemplateValue, into buffer: inout [UInt8]) {
        var writer = ByteWriter(capacity: expectedSize)
        render(context, into: &writer)
        writer.append(to: &buffer)
    }

    /// Renders against `context` into a new byte array, the form responses are written from.
    package func render(_ context: TemplateValue) -> [UInt8] {
        var writer = ByteWriter(capacity: expectedSize)
        render(context, into: &writer)
        return writer.makeArray()
    }

    /// Renders against `context` into a string.
    package func render(_ context: TemplateValue) -> String {
        let bytes: [UInt8] = render(context)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func render(_ context: TemplateValue, into writer: inout ByteWriter) {
        instructions.withUnsafeBufferPointer { instructions in
            text.withUnsafeBufferPointer { text in
                paths.withUnsafeBufferPointer { paths in
                    withUnsafePointer(to: context) { root in
                        var renderer = TemplateRenderer(
                            instructions: instructions, text: text, paths: paths, stackDepth: stackDepth)
                        renderer.render(root, into: &writer)
                    }
                }
            }
        }
        recordSize(writer.count)
    }
}
