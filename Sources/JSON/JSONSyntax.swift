/// Portico's strict reading of JSON text (RFC 8259), saying where text goes wrong by line and column.
///
/// `JSONDecoder` answers "not valid JSON" with a message whose wording and position format belong to
/// Foundation and change between releases, and it reads more than RFC 8259 allows in ways that matter for
/// a file that decides who may use which AWS account: a key written twice silently keeps one of its values,
/// and a number out of range or a lone surrogate surfaces as a type mismatch somewhere else. An admin fixing
/// a 300-line policy in a textarea, or a directory file of thousands of lines, needs "line 12, column 5:
/// expected , or }" in words we control. So everything Portico reads as JSON goes through `parse`: valid
/// UTF-8 only, no raw control characters in strings, surrogate escapes in pairs, numbers a `Double` can
/// hold, nesting at most `maximumDepth` deep, and no key twice in one object.
package enum JSONSyntax {
    /// The kind of the top-level value of well-formed text.
    package enum Kind: String, Hashable, Sendable {
        case object, array, string, number, boolean, null
    }

    /// Where and why text is not JSON that Portico accepts. `line` and `column` count from 1; columns count
    /// characters (a byte that is not UTF-8 counts as one). `path` names the value being read, e.g. the
    /// object that repeats a key.
    package struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        package let line: Int
        package let column: Int
        package let reason: String
        package let path: String

        package init(line: Int, column: Int, reason: String, path: String = JSONPath.root) {
            self.line = line
            self.column = column
            self.reason = reason
            self.path = path
        }

        package var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Every problem found, in the order of the text: each key that repeats, and last the syntax error
    /// that stopped reading, if one did.
    package struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        /// Never empty.
        package let problems: [Problem]

        package init(_ problems: [Problem]) {
            precondition(!problems.isEmpty, "an invalid text has at least one problem")
            self.problems = problems
        }

        /// The first problem, as one line.
        package var description: String { problems[0].description }
    }

    /// Nesting deeper than this is refused rather than risking the stack; no policy or directory file comes close.
    package static let maximumDepth = 256

    /// Reading stops after this many problems: a file of a million repeated keys is reported, not listed.
    package static let maximumProblems = 1_000

    /// The one value `bytes` holds, or every problem found.
    package static func parse(_ bytes: [UInt8]) -> Result<JSONNode, Invalid> {
        var parser = JSONParser(bytes: bytes)
        return parser.parse()
    }

    /// The kind of the one value `text` holds, or the first problem found.
    package static func check(_ text: String) -> Result<Kind, Problem> {
        switch parse(Array(text.utf8)) {
        case .success(let node): .success(node.kind)
        case .failure(let invalid): .failure(invalid.problems[0])
        }
    }
}
