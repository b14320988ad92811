/// How errors name a place in a JSON value: `$.permission_sets[0].session_duration`, `$.tags["cost center"]`.
///
/// Paths are text, built only when there is something to report; the parser and the directory file's
/// reader both extend them here, so a duplicate key and a wrong field type are named the same way.
package enum JSONPath {
    /// The whole value.
    package static let root = "$"

    /// `path` extended by an object key: `.name` for plain keys, `["odd key"]` for the rest.
    package static func appending(key: String, to path: String) -> String {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
            && !("0"..."9").contains(key.unicodeScalars.first!)
        return plain ? "\(path).\(key)" : "\(path)[\(quoted(key))]"
    }

    /// `path` extended by an array index.
    package static func appending(index: Int, to path: String) -> String { "\(path)[\(index)]" }

    /// `text` as a JSON string literal, escaped so that a message stays on one line whatever the key holds.
    package static func quoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
                quoted += "\\u" + hex(scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Four upper-case hex digits, as `\u` escapes and `U+` names write a UTF-16 unit.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
