import HTTPServer

/// The values a route's `:name` and `*name` segments captured, percent-decoded.
package struct Parameters: Sendable, Sequence {
    package typealias Field = (name: String, value: String)

    package private(set) var fields: [Field]

    package init(_ fields: [Field] = []) { self.fields = fields }

    package subscript(name: String) -> String? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    /// The parameter converted to `T`; a value that does not convert names no resource, so 404.
    package func require<T: LosslessStringConvertible>(_ name: String, as type: T.Type = T.self) throws(HTTPError) -> T {
        guard let text = self[name], let value = T(text) else { throw HTTPError(.notFound) }
        return value
    }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}
