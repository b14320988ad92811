/// The portal's filter box: which tiles and roles a query keeps.
///
/// An account whose name, id or email contains the query keeps all its roles; otherwise only roles whose
/// name contains it are kept, and a tile with none left is hidden. Case is ignored. `Public/start.js`
/// applies the same rule as the user types, so the page looks the same with and without JavaScript.
struct RoleFilter {
    /// Longer queries are cut: no account field is anywhere near this long.
    static let maximumLength = 200

    /// The query as typed, trimmed, for the form and the "no match" message.
    let text: String
    private let folded: String

    init(_ query: String) {
        text = String(Self.trimmed(query).prefix(Self.maximumLength))
        folded = text.lowercased()
    }

    var isEmpty: Bool { text.isEmpty }

    func keepsAccount(name: String, id: String, email: String) -> Bool {
        isEmpty || name.lowercased().contains(folded) || id.contains(folded) || email.lowercased().contains(folded)
    }

    func keepsRole(named roleName: String) -> Bool {
        isEmpty || roleName.lowercased().contains(folded)
    }

    private static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return text[start...end]
    }
}
