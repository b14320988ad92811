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

    /// Makes room for `count` fields, so middleware adding several headers grows the storage once.
    package mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

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
    ///
    /// A concrete `String` overload, because a generic one called from another module runs unspecialized,
    /// and this sits on every request's path.
    package static func namesMatch(_ a: String, _ b: String) -> Bool {
        // Most names compared differ in length, which a native string knows without touching its bytes.
        guard a.utf8.count == b.utf8.count else { return false }
        let matched = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in bytesMatchIgnoringCase(x, y) }
        }
        return matched.flatMap { $0 } ?? namesMatch(a[...], b[...])
    }

    package static func namesMatch<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return true
            case (let p?, let q?) where foldedEqual(p, q): continue
            default: return false
            }
        }
    }

    private static func bytesMatchIgnoringCase(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        for index in 0..<x.count where !foldedEqual(x[index], y[index]) { return false }
        return true
    }

    @inline(__always)
    private static func foldedEqual(_ p: UInt8, _ q: UInt8) -> Bool {
        if p == q { return true }
        let lower = p | 0x20
        return lower == q | 0x20 && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }
}

private func trimmingSpaces(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
}
