import TemplateEngine
import Web

/// The admin areas `partials/admin-nav` links to; a page names its own so the nav marks it current.
enum AdminSection: String, CaseIterable {
    case home, users, groups, accounts, permissionSets, identityProviders, provisioning, settings, audit

    /// `adminNav` for the page's values: `{"users": true}` for the users pages.
    var templateValues: TemplateObject {
        ["adminNav": [rawValue: true] as TemplateObject]
    }

    /// Where the section's pages are: `/admin/users`, `/admin/permission-sets`.
    var path: String {
        switch self {
        case .permissionSets: "/admin/permission-sets"
        case .identityProviders: "/admin/identity-providers"
        case .home: "/admin"
        default: "/admin/" + rawValue
        }
    }

    /// Where an item's form posts: its edit address, or the section's `new` for an item not made yet.
    func formAction(editing id: String?) -> String {
        id.map { "\(path)/\($0)/edit" } ?? "\(path)/new"
    }

    /// The 303 to an item's page after a change; its page turns `done` (and `extra` fields) into a message.
    func back(to id: String, done: String, extra: String = "") throws -> HTTPResponse {
        try HTTPResponse.redirect(toPath: "\(path)/\(id)?done=\(done)\(extra)")
    }

    /// "3 members were added; 1 already belonged to the group.": the counts come from the query as numbers only.
    static func addedMessage(_ query: FormData, one: String, many: (Int) -> String, skipped: (Int) -> String) -> String {
        let added = query["added"].flatMap { Int($0) } ?? 0
        let skippedCount = query["skipped"].flatMap { Int($0) } ?? 0
        let addedText = added == 1 ? one : many(added)
        return skippedCount == 0 ? addedText + "." : addedText + "; " + skipped(skippedCount) + "."
    }
}
