import HTTPServer

/// Media types: recognising one in a `Content-Type` value, and choosing one for a file by its extension.
enum MediaType {
    /// True when `headerValue`'s type (before any `;` parameters) is `expected`, ignoring case and spaces.
    static func matches(_ headerValue: String, _ expected: String) -> Bool {
        var type = headerValue.utf8.prefix { $0 != UInt8(ascii: ";") }
        while let last = type.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { type = type.dropLast() }
        while let first = type.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { type = type.dropFirst() }
        return HTTPHeaders.namesMatch(Substring(type), expected)
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
