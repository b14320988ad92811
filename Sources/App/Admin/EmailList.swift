import Domain
import SQLite
import Storage

/// Email addresses typed into a textarea, one a line (commas, semicolons and spaces also separate them),
/// and the users they name.
struct EmailList {
    /// More than this in one field is refused: a group is filled in batches, not with the whole directory.
    static let maximumCount = 1_000

    /// The addresses as typed, without blanks and without repeats (compared without case).
    let emails: [String]

    init(_ text: String) {
        var seen: Set<String> = []
        emails = text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" })
            .map(String.init)
            .filter { seen.insert(EmailAddress.normalized($0)).inserted }
    }

    var isEmpty: Bool { emails.isEmpty }

    /// The text to put back into the field.
    var text: String { emails.joined(separator: "\n") }

    /// The users named, in the order typed, and the addresses no user has.
    func resolve(_ db: Connection) throws -> (users: [User], unknown: [String]) {
        let store = UserStore(db)
        var users: [User] = []
        var unknown: [String] = []
        for email in emails {
            if let user = try store.find(email: email) { users.append(user) } else { unknown.append(email) }
        }
        return (users, unknown)
    }

    /// The reason to show beside the field when addresses are unknown or too many, or nil.
    static func problem(unknown: [String], count: Int) -> String? {
        if count > maximumCount { return "Enter at most \(maximumCount) addresses at once." }
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(20).joined(separator: ", ")
        let more = unknown.count > 20 ? " and \(unknown.count - 20) more" : ""
        return (unknown.count == 1 ? "No user has this email: " : "No user has these emails: ") + shown + more + "."
    }
}
