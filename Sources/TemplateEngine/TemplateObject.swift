/// A small string-keyed record for templates: the "hash" of Mustache.
///
/// Template objects hold a handful of short keys (a user's name, an account's id), so a flat
/// array scanned linearly beats hashing: one allocation, no hash computation, and short
/// keys compare as inline small strings. Keys are matched exactly; when a key appears twice
/// the later entry wins, which makes `merging(_:)` a plain append.
package struct TemplateObject: Sendable {
    private var entries: [Entry]

    struct Entry {
        var key: String
        var value: TemplateValue
    }

    package init() {
        entries = []
    }

    package init(minimumCapacity: Int) {
        entries = []
        entries.reserveCapacity(minimumCapacity)
    }

    package init(_ pairs: some Sequence<(String, TemplateValue)>) {
        entries = pairs.map { Entry(key: $0.0, value: $0.1) }
    }

    package var count: Int { entries.count }

    package var isEmpty: Bool { entries.isEmpty }

    /// The keys in insertion order, including shadowed duplicates.
    package var keys: [String] { entries.map(\.key) }

    /// The value for `key`; setting `nil` removes it.
    package subscript(key: String) -> TemplateValue? {
        get {
            entries.withUnsafeBufferPointer { entries in
                Self.index(of: key, in: entries).map { entries[$0].value }
            }
        }
        set {
            entries.removeAll { $0.key == key }
            if let newValue { entries.append(Entry(key: key, value: newValue)) }
        }
    }

    /// Where `key` is in `entries`, searching backwards so the most recently added entry
    /// for a key wins.
    static func index(of key: String, in entries: UnsafeBufferPointer<Entry>) -> Int? {
        let length = key.utf8.count
        var index = entries.count
        while index > 0 {
            index -= 1
            // Comparing lengths first keeps most misses out of the out-of-line comparison.
            if entries[index].key.utf8.count == length, entries[index].key == key { return index }
        }
        return nil
    }

    /// Calls `body` with the entries in insertion order; the renderer reads them in place.
    func withEntries<Result>(_ body: (UnsafeBufferPointer<Entry>) -> Result) -> Result {
        entries.withUnsafeBufferPointer(body)
    }

    /// A copy with `other`'s entries added; where both have a key, `other`'s value wins.
    package func merging(_ other: TemplateObject) -> TemplateObject {
        var merged = self
        merged.entries.append(contentsOf: other.entries)
        return merged
    }
}

extension TemplateObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, any TemplateRenderable)...) {
        self.init(literal: elements)
    }

    /// Shared by both dictionary literals. Iterating by element copies each (key, value)
    /// pair once; indexing would copy the pair, through the runtime, per field read.
    init(literal elements: [(String, any TemplateRenderable)]) {
        entries = []
        entries.reserveCapacity(elements.count)
        for (key, value) in elements {
            entries.append(Entry(key: key, value: value.templateValue))
        }
    }
}
