import TemplateEngine

/// The admin areas `partials/admin-nav` links to; a page names its own so the nav marks it current.
enum AdminSection: String, CaseIterable {
    case users, groups, accounts, permissionSets, settings, audit

    /// `adminNav` for the page's values: `{"users": true}` for the users pages.
    var templateValues: TemplateObject {
        ["adminNav": [rawValue: true] as TemplateObject]
    }
}
