extension QRCode {
    /// The symbol as one self-contained `<svg>` element to inline in a page.
    ///
    /// Dark modules are drawn as one path of horizontal runs in module units, so the markup stays small and
    /// `crispEdges` keeps module edges sharp at any scale; the white rectangle gives the quiet zone a light
    /// background on dark-themed pages. `label` becomes the accessible name and is escaped.
    package func svg(moduleSize: Int = 4, quietZone: Int = 4, label: String) -> String {
        precondition(moduleSize > 0 && quietZone >= 0, "moduleSize must be positive and quietZone not negative")
        let extent = size + 2 * quietZone
        let pixels = extent * moduleSize
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x: x, y: y] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && self[x: x, y: y] {
                    x += 1
                }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(pixels)" height="\(pixels)" viewBox="0 0 \(extent) \(extent)" \
            role="img" aria-label="\(Self.escapeXML(label))" shape-rendering="crispEdges">\
            <rect width="\(extent)" height="\(extent)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// Escapes text for an XML attribute value or element content.
    ///
    /// Control characters other than tab, line feed and carriage return cannot appear in XML even as references,
    /// so they become U+FFFD rather than making the document malformed.
    private static func escapeXML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
