extension IdentityProvider {
    /// The key a provider called `name` gets when none is chosen: its ASCII letters and digits in lowercase,
    /// every other run of characters as one hyphen, at most 32 characters ("Contoso Entra ID" becomes
    /// `contoso-entra-id`). Empty when the name has no ASCII letter or digit.
    package static func suggestedKey(forName name: String) -> String {
        var key = ""
        var pendingHyphen = false
        for scalar in name.unicodeScalars {
            let isWordCharacter =
                scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
            guard isWordCharacter else {
                pendingHyphen = !key.isEmpty
                continue
            }
            if pendingHyphen { key += "-" }
            pendingHyphen = false
            key += String(scalar).lowercased()
        }
        var limited = String(key.prefix(32))
        while limited.hasSuffix("-") { limited.removeLast() }
        return limited
    }
}
