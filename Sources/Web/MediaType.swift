import HTTPServer

/// Media types: recognising one in a `Content-Type` value, and choosing one for a file by its extension.
enum MediaType {
    /// True when `headerValue`'s type (before any `;` parameters) is `expected`, ignoring case and spaces.
    /// `expected` must be lower-case.
    static func matches(_ headerValue: String, _ expected: StaticString) -> Bool {
        var value = headerValue
        return value.withUTF8 { bytes in
            var start = 0
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            guard end - start == expected.utf8CodeUnitCount else { return false }
            let wanted = expected.utf8Start
            for offset in 0..<(end - start) {
                var byte = bytes[start + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != wanted[offset] { return false }
            }
            return true
        }
    }

    /// The `Content-Type` for a file extension (without the dot); unknown ones are served as opaque bytes.
    static func forFileExtension(_ fileExtension: Substring) -> String {
        switch fileExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json", "map": "application/json"
        case "webmanifest": "application/manifest+json"
        case "txt": "text/plain; charset=utf-8"
        case "xml": "application/xml"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "ttf": "font/ttf"
        case "otf": "font/otf"
        case "pdf": "application/pdf"
        case "wasm": "application/wasm"
        default: "application/octet-stream"
        }
    }
}
