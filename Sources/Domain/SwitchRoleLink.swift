/// AWS's "Switch Role" page for one role: `https://signin.aws.amazon.com/switchrole?account=…&roleName=…`.
///
/// The IAM User Guide documents the link ("Switching to a role (console)": `account`, `roleName` and an
/// optional `displayName`); it opens a page with the fields filled in, and the person then chooses
/// Switch Role there, inside a console session they already have. So a link is harmless on its own, but
/// it is the one page on AWS's sign-in host that Portico opens, and only with parameters it understands:
/// anything else there (`/saml`, `/federation`, a `redirect_uri`) could send a fresh session elsewhere.
/// `color` is the console's own undocumented parameter (six hex digits), accepted so that links copied
/// from the console pass.
package struct SwitchRoleLink: Hashable, Sendable {
    package static let path = "/switchrole"
    /// The longest role name with its path: the console keeps it in a cookie and refuses more than 64
    /// characters (IAM User Guide, "Switching to a role (console)").
    package static let maximumRoleNameLength = 64
    /// Enough for a role and an account name; the console shows it in its navigation bar.
    package static let maximumDisplayNameLength = 64

    /// One of `FederationSettings.signInHosts`.
    package let host: String
    package let accountID: String
    /// The role's name, after its path when it has one (`division/Admin`).
    package let roleName: String
    package let displayName: String?
    /// Six hex digits.
    package let color: String?

    /// Why a URL on AWS's switch-role page is not one Portico opens.
    package enum Problem: Error, Hashable, Sendable {
        case fragment
        /// A parameter the page has no use for here, or one given twice.
        case parameter(String)
        case missing(String)
        case account
        case roleName
        case displayName
        case color

        /// The reason in words, after "The switch-role link".
        package var reason: String {
            switch self {
            case .fragment: "must not have a fragment (#)"
            case .parameter(let name): "may carry only account, roleName, displayName and color, each once; not \(name)"
            case .missing(let name): "must name the \(name)"
            case .account: "must name the account by its 12-digit id"
            case .roleName: "must name a role of 1 to 64 letters, digits or +=,.@_- (after an optional path)"
            case .displayName: "must have a display name of at most 64 characters without control characters"
            case .color: "must give the color as six hex digits"
            }
        }
    }

    /// A link to switch into `roleName` of `accountID`; nil when either is malformed.
    package init?(host: String, accountID: String, roleName: String, displayName: String? = nil) {
        guard FederationSettings.signInHosts.contains(host), Account.isAccountID(accountID), Self.isRoleName(roleName) else { return nil }
        self.host = host
        self.accountID = accountID
        self.roleName = roleName
        self.displayName = displayName.map(Self.fitted).flatMap { $0.isEmpty ? nil : $0 }
        self.color = nil
    }

    private init(host: String, accountID: String, roleName: String, displayName: String?, color: String?) {
        self.host = host
        self.accountID = accountID
        self.roleName = roleName
        self.displayName = displayName
        self.color = color
    }

    /// The link written out from its parts, every value escaped: what the launch page offers.
    package var text: String {
        var query = "account=" + accountID + "&roleName=" + Self.escaped(roleName)
        if let displayName { query += "&displayName=" + Self.escaped(displayName) }
        if let color { query += "&color=" + color }
        return "https://" + host + Self.path + "?" + query
    }

    /// The link `url` stands for; nil when it is not on the switch-role page of an AWS sign-in host at
    /// all, and `Problem` when it is but says something Portico does not pass on.
    package static func parse(_ url: HTTPSURL) throws(Problem) -> SwitchRoleLink? {
        guard FederationSettings.signInHosts.contains(url.host) else { return nil }
        let rest = url.pathAndRest
        guard rest == path || rest.hasPrefix(path + "?") || rest.hasPrefix(path + "#") else { return nil }
        if rest.contains("#") { throw .fragment }
        var values: [String: String] = [:]
        for pair in rest.dropFirst(path.count + 1).split(separator: "&", omittingEmptySubsequences: true) {
            let name = String(pair.prefix { $0 != "=" })
            guard ["account", "roleName", "displayName", "color"].contains(name), values[name] == nil else {
                throw .parameter(String(name.prefix(32)))
            }
            values[name] = percentDecoded(pair.dropFirst(name.count + 1))
        }
        guard let account = values["account"] else { throw .missing("account") }
        guard Account.isAccountID(account) else { throw .account }
        guard let roleName = values["roleName"] else { throw .missing("roleName") }
        guard isRoleName(roleName) else { throw .roleName }
        let displayName = values["displayName"].flatMap { $0.isEmpty ? nil : $0 }
        if let displayName,
            displayName.unicodeScalars.count > maximumDisplayNameLength || FieldRules.containsControlCharacters(displayName)
        {
            throw .displayName
        }
        let color = values["color"].flatMap { $0.isEmpty ? nil : $0 }
        if let color, color.utf8.count != 6 || !color.utf8.allSatisfy({ HTTPSURL.hexValue($0) != nil }) { throw .color }
        return SwitchRoleLink(host: url.host, accountID: account, roleName: roleName, displayName: displayName, color: color)
    }

    /// Whether `name` is an IAM role name, after an optional path (`division/team/Admin`), that the console can switch to.
    package static func isRoleName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maximumRoleNameLength, !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("//")
        else { return false }
        return FieldRules.isASCIIWord(name, extra: "+=,.@-/")
    }

    /// At most `maximumDisplayNameLength` characters, control characters dropped.
    private static func fitted(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { !FieldRules.containsControlCharacters(String($0)) }.prefix(maximumDisplayNameLength)))
    }

    /// A query value with `+` read as a space and `%XX` as its byte; bytes that are not UTF-8 become U+FFFD.
    private static func percentDecoded(_ text: Substring) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count, let high = HTTPSURL.hexValue(input[index + 1]),
                let low = HTTPSURL.hexValue(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(input[index] == UInt8(ascii: "+") ? UInt8(ascii: " ") : input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything but letters, digits and `-._~` escaped, so `+`, `&` and `=` in a value stay in it.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(digits[Int(byte >> 4)])
                result.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
