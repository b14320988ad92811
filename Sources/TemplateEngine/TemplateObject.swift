/// A small string-keyed record for templates: the "hash" of Mustache.
///
/// Template objects hold a handful of short keys (a user's name, an account's id), so a flat
/// array scanned linearly beats hashing: one allocation, no hash computation, and short
/// keys compare as inline small strings. Keys are matched exactly; when a key appears twice
/// the later entry wins, which makes `merging(_:)` a plain append.
package struct TemplateObject: Sendable {
    private var entries: [(key: String, value: TemplateValue)]

    package init() {
        entries = []
    }

    package init(minimumCapacity: Int) {
        entries = []
        entries.reserveCapacity(minimumCapacity)
    }

    package init(_ pairs: some Sequence<(String, TemplateValue)>) {
        entries = pairs.map { (key: $0.0, value: $0.1) }
    }

    package var count: Int { entries.count }

    package var isEmpty: Bool { entries.isEmpty }

    /// The keys in insertion order, including shadowed duplicates.
    package var keys: [String] { entries.map(\.key) }

    /// The value for `key`; setting `nil` removes it.
    package subscript(key: String) -> TemplateValue? {
        get {
            // Backwards, so the most recently added entry for a key wins.
            var index = entries.count
            while index > 0 {
                index -= 1
                // Comparing lengths first keeps most misses out of the out-of-line comparison.
                if entries[index].key.utf8.count == key.utf8.count, entries[index].key == key {
                    return entries[index].value
                }
            }
            return nil
        }
        set {
            entries.removeAll { $0.key == key }
            if let newValue { entries.append((key: key, value: newValue)) }
        }
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
        entries = elements.map { (key: $0.0, value: $0.1.templateValue) }
    }
}
