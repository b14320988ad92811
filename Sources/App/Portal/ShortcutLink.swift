import Web

/// A link that opens the AWS console as a role, optionally at a page: `/start/console?account_id=…&role_name=…&destination=…`.
///
/// The parameter names are AWS's own (IAM Identity Center's access portal uses them after `#/console`),
/// so a link made for AWS works here once its host and `#` are swapped. Only the shape is read here;
/// whether the account id is valid, the role held and the destination allowed is the launch's decision.
struct ShortcutLink: Hashable, Sendable {
    static let path = "/start/console"

    var accountID: String
    /// Nil lets the user choose among their roles in the account.
    var roleName: String?
    /// Nil opens the permission set's relay state, else the console home.
    var destination: String?

    /// The link's fields from a request's query; empty values count as absent.
    init(query: FormData) {
        accountID = query["account_id"] ?? ""
        roleName = query["role_name"].flatMap { $0.isEmpty ? nil : $0 }
        destination = query["destination"].flatMap { $0.isEmpty ? nil : $0 }
    }

    init(accountID: String, roleName: String?, destination: String? = nil) {
        self.accountID = accountID
        self.roleName = roleName
        self.destination = destination
    }

    /// The same-origin path and query, each value percent-encoded.
    var pathAndQuery: String {
        var text = Self.path + "?account_id=" + QueryEncoding.component(accountID)
        if let roleName { text += "&role_name=" + QueryEncoding.component(roleName) }
        if let destination { text += "&destination=" + QueryEncoding.component(destination) }
        return text
    }

    /// The absolute link to share, on the configured base URL (never the request's `Host`).
    func url(baseURL: String) -> String {
        baseURL + pathAndQuery
    }
}
