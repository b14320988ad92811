import Domain
import JSON

/// One problem with a directory file: where it is, as a JSON path, and what is wrong.
package struct DirectoryFileError: Hashable, Sendable, CustomStringConvertible {
    /// Every problem found in a file; nothing is applied when one is thrown.
    package struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        package let errors: [DirectoryFileError]

        /// At most this many errors are printed: a file with half a million unknown keys needs fixing, not
        /// half a million lines on a terminal.
        package static let printedLimit = 50

        package init(_ errors: [DirectoryFileError]) { self.errors = errors }

        /// One error a line, as `portico apply` prints them: the first `printedLimit`, then how many more.
        package var lines: [String] {
            let more = errors.count - Self.printedLimit
            guard more > 0 else { return errors.map(\.description) }
            return errors.prefix(Self.printedLimit).map(\.description) + ["… and \(more) more error\(more == 1 ? "" : "s")"]
        }

        package var description: String { lines.joined(separator: "\n") }
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
    static func path(_ path: String, _ key: String) -> String { JSONPath.appending(key: key, to: path) }

    /// The errors sorted by where they are in a file: by section in the order the file format lists them,
    /// then by entry; errors of one entry keep their order (its own fields first, then its references).
    static func inFileOrder(_ errors: [DirectoryFileError]) -> [DirectoryFileError] {
        let sections = ["settings", "users", "groups", "accounts", "permission_sets", "assignments", "identity_providers"]
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
        // Each position is worked out once, not at every comparison: a file can have half a million errors.
        let positions = errors.map(position)
        return errors.indices.sorted { left, right in
            positions[left] != positions[right] ? positions[left] < positions[right] : left < right
        }.map { errors[$0] }
    }

    /// `path` extended by an array index.
    static func path(_ path: String, _ index: Int) -> String { JSONPath.appending(index: index, to: path) }
}
