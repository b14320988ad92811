import HTTPServer

/// Name-value pairs from a query string or an `application/x-www-form-urlencoded` body, in order,
/// repeated names kept (a multi-select sends one pair per choice).
///
/// Parsing follows the WHATWG URL standard's urlencoded parser, except that malformed escapes and
/// invalid UTF-8 are rejected with 400 instead of being repaired: a form that cannot be read exactly
/// must not be half-understood.
package struct FormData: Sendable, Sequence {
    package typealias Field = (name: String, value: String)

    /// More fields than this is refused: no page of ours needs more, and each costs allocations.
    package static let defaultMaxFields = 1_000

    package private(set) var fields: [Field]

    package init(_ fields: [Field] = []) { self.fields = fields }

    /// Parses urlencoded bytes; `tooManyFieldsStatus` lets queries answer 400 where bodies answer 413.
    package static func parse<Bytes: Collection<UInt8>>(
        _ encoded: Bytes, maxFields: Int = defaultMaxFields, tooManyFieldsStatus: HTTPStatus = .contentTooLarge
    ) throws(HTTPError) -> FormData {
        var fields: [Field] = []
        for pair in encoded.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < maxFields else {
                throw HTTPError(tooManyFieldsStatus, "The form has more than \(maxFields) fields.")
            }
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = pair[..<(equals ?? pair.endIndex)]
            let value = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            do {
                let decodedName = try PercentDecoding.decode(name, plusAsSpace: true)
                let decodedValue = try PercentDecoding.decode(value, plusAsSpace: true)
                fields.append((name: decodedName, value: decodedValue))
            } catch {
                switch error {
                case .invalidEscape: throw HTTPError(.badRequest, "The form contains a malformed percent-escape.")
                case .invalidUTF8: throw HTTPError(.badRequest, "The form is not valid UTF-8.")
                }
            }
        }
        return FormData(fields)
    }

    package var count: Int { fields.count }
    package var isEmpty: Bool { fields.isEmpty }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value sent for `name`.
    package subscript(name: String) -> String? { first(name) }

    /// The first value sent for `name`.
    package func first(_ name: String) -> String? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    /// Every value sent for `name`, in order.
    package func values(for name: String) -> [String] {
        fields.compactMap { $0.name == name ? $0.value : nil }
    }

    package func contains(_ name: String) -> Bool { first(name) != nil }

    package mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }
}
