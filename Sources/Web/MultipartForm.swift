import HTTPServer

/// A `multipart/form-data` body (RFC 7578) split into its parts: what a form with a file input sends.
///
/// Strict, as `FormData` is: a body that cannot be read exactly is a 400, never half-understood. Parts
/// are separated by `CRLF--boundary` (RFC 2046 §5.1.1) and must use `CRLF` line ends; each needs a
/// `Content-Disposition: form-data; name="…"` header. The preamble before the first boundary and the
/// epilogue after the closing one are ignored, as the RFC says. Quoted parameter values are taken
/// literally up to the next quote, as browsers write them (WHATWG percent-encodes `"` in names rather
/// than escaping it with a backslash). Sizes are capped per part and in count, on top of the route's
/// body limit, so one field cannot stand in for a file upload.
package struct MultipartForm: Sendable {
    /// How much one body may hold.
    package struct Limits: Sendable {
        package var maxParts: Int
        /// Bytes of one part's header section.
        package var maxHeaderBytes: Int
        /// Bytes of one part's content, file or field.
        package var maxPartBytes: Int

        package init(maxParts: Int = 100, maxHeaderBytes: Int = 8 * 1024, maxPartBytes: Int = 1024 * 1024) {
            self.maxParts = maxParts
            self.maxHeaderBytes = maxHeaderBytes
            self.maxPartBytes = maxPartBytes
        }
    }

    package private(set) var parts: [MultipartPart]

    package init(parts: [MultipartPart]) { self.parts = parts }

    /// The ordinary (non-file) fields as name-value pairs, in order; each must be UTF-8.
    package func fields() throws(HTTPError) -> FormData {
        var form = FormData()
        for part in parts where !part.isFile {
            guard let value = String(validating: part.body, as: UTF8.self) else {
                throw HTTPError(.badRequest, "The form field \(part.name) is not valid UTF-8.")
            }
            form.append(name: part.name, value: value)
        }
        return form
    }

    /// The first file part sent for `name`, or nil when there is none or the file input was left empty.
    package func file(_ name: String) -> MultipartPart? {
        parts.first { $0.name == name && $0.isFile && !($0.filename ?? "").isEmpty }
    }

    // MARK: Parsing

    /// The `boundary` parameter of a `multipart/form-data` content type: 1 to 70 characters (RFC 2046 §5.1.1),
    /// quoted or not.
    package static func boundary(fromContentType value: String) throws(HTTPError) -> [UInt8] {
        guard MediaType.matches(value, "multipart/form-data") else {
            throw HTTPError(.unsupportedMediaType, "The form must be sent as multipart/form-data.")
        }
        let boundaryCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        guard let parameters = HeaderParameters.parse(value.utf8.drop { $0 != UInt8(ascii: ";") }),
            let boundary = parameters.first(where: { $0.name == "boundary" })?.value, (1...70).contains(boundary.count),
            boundary.allSatisfy(boundaryCharacters.contains), boundary.last != UInt8(ascii: " ")
        else {
            throw HTTPError(.badRequest, "The multipart form has no usable boundary.")
        }
        return boundary
    }

    /// Splits `body` at `boundary`.
    package static func parse(_ body: [UInt8], boundary: [UInt8], limits: Limits = Limits()) throws(HTTPError) -> MultipartForm {
        let delimiter = Array("--".utf8) + boundary
        let nextDelimiter = Array("\r\n".utf8) + delimiter
        var position: Int
        if body.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = Self.find(nextDelimiter, in: body, from: 0) {
            position = found + nextDelimiter.count
        } else {
            throw malformed("it has no boundary line")
        }
        var parts: [MultipartPart] = []
        while true {
            // Just after a boundary: `--` closes the body; otherwise optional padding and CRLF start a part.
            if Self.matches([UInt8(ascii: "-"), UInt8(ascii: "-")], in: body, at: position) { break }
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") { position += 1 }
            guard Self.matches([13, 10], in: body, at: position) else { throw malformed("a boundary line does not end with CRLF") }
            position += 2
            guard parts.count < limits.maxParts else {
                throw HTTPError(.contentTooLarge, "The form has more than \(limits.maxParts) parts.")
            }

            let headerEnd: Int
            if Self.matches([13, 10], in: body, at: position) {
                headerEnd = position
            } else {
                let window = body[position..<min(body.count, position + limits.maxHeaderBytes + 4)]
                guard let end = Self.find([13, 10, 13, 10], in: window, from: position) else {
                    if window.count > limits.maxHeaderBytes {
                        throw HTTPError(.contentTooLarge, "A part of the form has more than \(limits.maxHeaderBytes) bytes of headers.")
                    }
                    throw malformed("a part's headers do not end with an empty line")
                }
                headerEnd = end + 2
            }
            var part = try Self.part(headers: body[position..<headerEnd])
            let contentStart = headerEnd + 2
            guard let contentEnd = Self.find(nextDelimiter, in: body, from: contentStart) else {
                throw malformed("it ends before its closing boundary")
            }
            guard contentEnd - contentStart <= limits.maxPartBytes else {
                throw HTTPError(.contentTooLarge, "The form field \(part.name) is larger than \(limits.maxPartBytes) bytes.")
            }
            part.body = Array(body[contentStart..<contentEnd])
            parts.append(part)
            position = contentEnd + nextDelimiter.count
        }
        return MultipartForm(parts: parts)
    }

    /// A part from its header lines (each ending in CRLF): `Content-Disposition` names it, `Content-Type` is kept.
    private static func part(headers: ArraySlice<UInt8>) throws(HTTPError) -> MultipartPart {
        var disposition: [UInt8]?
        var contentType: String?
        var lineStart = headers.startIndex
        while lineStart < headers.endIndex {
            guard let lineEnd = find([13, 10], in: headers, from: lineStart) else {
                throw malformed("a part header does not end with CRLF")
            }
            let line = headers[lineStart..<lineEnd]
            lineStart = lineEnd + 2
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex] != UInt8(ascii: " "), line[line.startIndex] != UInt8(ascii: "\t")
            else { throw malformed("a part header is not a name and a value") }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = Array(line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            switch name {
            case "content-disposition":
                guard disposition == nil else { throw malformed("a part has two Content-Disposition headers") }
                disposition = value
            case "content-type":
                guard let text = String(validating: value, as: UTF8.self) else { throw malformed("a part's Content-Type is not UTF-8") }
                contentType = text
            default:
                // RFC 7578 §4.8: other headers (Content-Transfer-Encoding among them) are ignored.
                break
            }
        }
        guard let disposition else { throw malformed("a part has no Content-Disposition header") }
        let type = disposition.prefix { $0 != UInt8(ascii: ";") }
        guard String(decoding: type, as: UTF8.self).trimmingSpaces().lowercased() == "form-data" else {
            throw malformed("a part is not form-data")
        }
        guard let parameters = HeaderParameters.parse(disposition[type.count...]) else {
            throw malformed("a part's Content-Disposition cannot be read")
        }
        func text(_ key: String) throws(HTTPError) -> String? {
            guard let bytes = parameters.first(where: { $0.name == key })?.value else { return nil }
            guard let value = String(validating: bytes, as: UTF8.self) else { throw malformed("a part's \(key) is not UTF-8") }
            return value
        }
        guard let name = try text("name") else { throw malformed("a part has no name") }
        return MultipartPart(name: name, filename: try text("filename"), contentType: contentType, body: [])
    }

    private static func malformed(_ reason: String) -> HTTPError {
        HTTPError(.badRequest, "The multipart form cannot be read: \(reason).")
    }

    /// Whether `needle` appears in `haystack` at `index`.
    private static func matches(_ needle: [UInt8], in haystack: [UInt8], at index: Int) -> Bool {
        index + needle.count <= haystack.count && haystack[index..<(index + needle.count)].elementsEqual(needle)
    }

    /// The index of the first `needle` in `haystack` at or after `start`.
    ///
    /// Searches for the needle's first byte and compares from there: needles are a boundary line of at most
    /// 74 bytes, so this stays linear in practice without a table-driven search.
    private static func find<Bytes: RandomAccessCollection<UInt8>>(_ needle: [UInt8], in haystack: Bytes, from start: Int) -> Int?
    where Bytes.Index == Int {
        guard let first = needle.first, haystack.endIndex - start >= needle.count else { return nil }
        var index = start
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
