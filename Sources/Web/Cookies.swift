import HTTPServer

/// The cookies a request sent, parsed from its `Cookie` header (RFC 6265 §5.4, §4.2.1).
///
/// When a name repeats, the first value wins: browsers list the cookie with the longest path first,
/// which is the most specific one. Values are returned as sent, without percent-decoding, because
/// that is how we set them.
package struct Cookies: Sendable, Sequence {
    package typealias Field = (name: String, value: String)

    package private(set) var fields: [Field] = []

    package init() {}

    /// Parses every `Cookie` field of `headers` (HTTP/1.1 sends one; anything in front of us may split it).
    package init(headers: HTTPHeaders) {
        for value in headers.values(for: "Cookie") { parse(value) }
    }

    package init(header: String) { parse(header) }

    package subscript(name: String) -> String? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    package var isEmpty: Bool { fields.isEmpty }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    private mutating func parse(_ header: String) {
        for pair in header.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = trimmed(pair[..<equals])
            guard !name.isEmpty else { continue }
            var value = trimmed(pair[pair.index(after: equals)...])
            if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
                value = value.dropFirst().dropLast()
            }
            fields.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
    }
}

private func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
    var result = bytes
    while let first = result.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { result = result.dropFirst() }
    while let last = result.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { result = result.dropLast() }
    return result
}
