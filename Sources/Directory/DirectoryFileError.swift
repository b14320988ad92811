import Domain
import JSON

/// One problem with a directory file: where it is, as a JSON path, and what is wrong.
package struct DirectoryFileError: Hashable, Sendable, CustomStringConvertible {
    /// Every problem found in a file; nothing is applied when one is thrown.
    package struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        package let errors: [DirectoryFileError]

        package init(_ errors: [DirectoryFileError]) { self.errors = errors }

        /// One error per line, as `portico apply` prints them.
        package var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    /// `$.permission_sets[0].session_duration`.
    package let path: String
    package let reason: String

    package init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "\(path): \(reason)" }

    /// `path` extended by an object key: `.name` for plain keys, `["odd key"]` for the rest.
    static func path(_ path: String, _ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
            && !("0"..."9").contains(key.unicodeScalars.first!)
        return plain ? "\(path).\(key)" : "\(path)[\(JSONNode.string(key).text())]"
    }

    /// The errors sorted by where they are in a file: by section in the order the file format lists them,
    /// then by entry; errors of one entry keep their order (its own fields first, then its references).
    static func inFileOrder(_ errors: [DirectoryFileError]) -> [DirectoryFileError] {
        let sections = ["settings", "users", "groups", "accounts", "permission_sets", "assignments"]
        func position(_ error: DirectoryFileError) -> (section: Int, entry: Int) {
            let path = error.path.dropFirst(2)  // "$."
            let name = path.prefix { $0 != "[" && $0 != "." }
            let section = sections.firstIndex(of: String(name)) ?? -1
            let rest = path.dropFirst(name.count)
            guard rest.first == "[", let close = rest.firstIndex(of: "]"), let entry = Int(rest.dropFirst().prefix(upTo: close)) else {
                return (section, -1)
            }
            return (section, entry)
        }
        return errors.enumerated().sorted { left, right in
            let (a, b) = (position(left.element), position(right.element))
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    /// `path` extended by an array index.
    static func path(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }
}
