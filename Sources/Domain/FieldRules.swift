/// The checks shared by several kinds: lengths counted in characters, control characters, identifiers.
package enum FieldRules {
    /// Why a free-text value is unacceptable: empty when required, longer than `maximum` characters,
    /// or containing control characters (which no name needs and which break logs and CSV exports).
    ///
    /// Characters are Unicode scalars, as SQLite's `length()` counts them in the schema's `CHECK`s, so a
    /// value this accepts is never refused by the database.
    package static func text(_ value: String, required: Bool, maximum: Int) -> String? {
        if required && value.allSatisfy({ $0 == " " }) { return "must not be empty" }
        if value.unicodeScalars.count > maximum { return "must be at most \(maximum) characters" }
        if containsControlCharacters(value) { return "must not contain control characters" }
        return nil
    }

    package static func containsControlCharacters(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// Whether `value` is an RFC 4122 UUID in lowercase text, the form Portico's own ids take.
    package static func isIdentifier(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                else { return false }
            }
        }
        return true
    }

    /// A new random (version 4) UUID in lowercase text.
    package static func newIdentifier() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }

    /// Whether every character is an ASCII letter, digit or one of `extra`.
    package static func isASCIIWord(_ value: String, extra: String) -> Bool {
        value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || extra.unicodeScalars.contains(scalar))
        }
    }

    /// Why a key/value map is unacceptable as AWS session tags (`attributes`, `tags`), keyed by field.
    ///
    /// Follows IAM's tag rules: keys 1–128 characters of letters, digits, spaces and `_.:/=+-@`, values
    /// at most 256 characters; so any of them can become a `PrincipalTag` or a role tag unchanged.
    package static func tagProblems(_ tags: [String: String], field: String) -> [FieldError] {
        var errors: [FieldError] = []
        for key in tags.keys.sorted() {
            let value = tags[key] ?? ""
            let valid =
                !key.isEmpty && key.unicodeScalars.count <= 128
                && key.unicodeScalars.allSatisfy { scalar in
                    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _.:/=+-@".unicodeScalars.contains(scalar)
                }
            if !valid {
                errors.append(FieldError("\(field).\(key)", "key must be 1 to 128 letters, digits, spaces or _.:/=+-@"))
            } else if value.unicodeScalars.count > 256 || containsControlCharacters(value) {
                errors.append(FieldError("\(field).\(key)", "value must be at most 256 characters without control characters"))
            }
        }
        return errors
    }
}
