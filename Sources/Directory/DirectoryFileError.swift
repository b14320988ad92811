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

    /// `path` extended by an array index.
    static func path(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }
}
