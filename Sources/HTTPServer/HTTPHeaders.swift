/// Header fields in the order received, repeats kept; names compare case-insensitively (RFC 9110 §5.1).
package struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    package typealias Field = (name: String, value: String)

    package private(set) var fields: [Field]

    package init() { fields = [] }

    package init(_ fields: [Field]) { self.fields = fields }

    package init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    package var count: Int { fields.count }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the named field, if any.
    package subscript(name: String) -> String? {
        for field in fields where Self.namesMatch(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the named field, in order.
    package func values(for name: String) -> [String] {
        fields.compactMap { Self.namesMatch($0.name, name) ? $0.value : nil }
    }

    package func contains(_ name: String) -> Bool { self[name] != nil }

    package mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field of that name with one field, or appends it.
    package mutating func replaceOrAdd(name: String, value: String) {
        guard let index = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) else {
            add(name: name, value: value)
            return
        }
        var kept = Array(fields[...index])
        kept[index].value = value
        for field in fields[(index + 1)...] where !Self.namesMatch(field.name, name) { kept.append(field) }
        fields = kept
    }

    package mutating func remove(name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// True when a comma-separated field (such as `Connection`) lists the token, ignoring case.
    package func containsToken(_ token: String, in name: String) -> Bool {
        for value in values(for: name) {
            for part in value.split(separator: ",") {
                if Self.namesMatch(trimmingSpaces(part), token) { return true }
            }
        }
        return false
    }

    /// ASCII case-insensitive comparison without allocating.
    @inlinable
    package static func namesMatch<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let aBytes = a.utf8, bBytes = b.utf8
        guard aBytes.count == bBytes.count else { return false }
        for (x, y) in zip(aBytes, bBytes) where x != y {
            guard x | 0x20 == y | 0x20, (x | 0x20) >= UInt8(ascii: "a"), (x | 0x20) <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}

private func trimmingSpaces(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
}
