/// The `RoleSessionName` AWS shows in the console and writes to CloudTrail for a federated session.
///
/// STS refuses the whole sign-in unless the name matches `[\w+=,.@-]{2,64}`, where `\w` is ASCII
/// letters, digits and `_`. An email usually fits already; anything else is made to fit rather than
/// refused, because the name is only a label and the person should still get into the console.
package enum RoleSessionName {
    package static let minimumLength = 2
    package static let maximumLength = 64
    /// Stands in for each character STS does not allow, and pads names that are too short.
    package static let replacement: Character = "_"

    /// `email` (or any name) fitted to STS's rule.
    ///
    /// Each user-perceived character outside the allowed set (a space, `ö` however it is encoded, an
    /// emoji) becomes one `_`; the result is cut to 64 characters and padded with `_` to at least 2.
    package static func fitting(_ email: String) -> String {
        var name = ""
        for character in email {
            guard name.count < maximumLength else { break }
            name.append(isAllowed(character) ? character : replacement)
        }
        while name.count < minimumLength {
            name.append(replacement)
        }
        return name
    }

    private static func isAllowed(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "+", "=", ",", ".", "@", "-": return true
        default: return false
        }
    }
}
