/// Escaping for text and attribute values written into XML by hand.
///
/// Values here come from users and admins (emails, names, tag values) and end up inside a document
/// AWS trusts, so nothing may change its structure: markup characters become references, and the
/// characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD, since no
/// escape exists for them and a parser would reject the whole document.
enum XMLEscaping {
    /// `value` escaped for element content.
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// `value` escaped for a double- or single-quoted attribute value.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var output = ""
        output.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "'" where inAttribute: output += "&apos;"
            // Attribute-value normalisation would turn raw tabs and newlines into spaces, and a raw CR
            // anywhere becomes LF; references keep the exact value (XML 1.0 §2.11, §3.3.3).
            case "\t" where inAttribute: output += "&#9;"
            case "\n" where inAttribute: output += "&#10;"
            case "\r": output += "&#13;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
