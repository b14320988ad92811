import Domain
import Storage
import TemplateEngine

/// The values `partials/assignments` renders: one table of assignments as seen from an account, a
/// principal (user or group) or a permission set, so every page shows them alike.
///
/// ```
/// let page = try database.read { try AssignmentStore($0).named(.init(permissionSetID: set.id)) }
/// values["assignmentTable"] = AssignmentTable(page, from: .permissionSet).templateValue
/// ```
struct AssignmentTable {
    /// The page the table is on; its own column is left out.
    enum Viewpoint {
        case account, principal, permissionSet
    }

    let page: Page<NamedAssignment>
    let viewpoint: Viewpoint
    /// Whether names link to their admin pages: false for an account owner, who may open none of them.
    var links = true
    /// Whether each row has a "Remove" button (posting to the account's `assignments/remove`).
    var canRemove = false
    /// The state of each assignment's role in AWS, by account and permission set, where Portico keeps the
    /// account in sync; empty leaves the column out.
    var syncStates: [SyncKey: ProvisioningStatus.State] = [:]

    struct SyncKey: Hashable {
        var accountID: String
        var permissionSetID: String
    }

    /// The states of `statuses` (per permission set) for `syncStates`.
    static func syncStates(_ statuses: [ProvisioningStatus]) -> [SyncKey: ProvisioningStatus.State] {
        Dictionary(
            statuses.filter { !$0.scope.isEmpty }.map { (SyncKey(accountID: $0.accountID, permissionSetID: $0.scope), $0.state) },
            uniquingKeysWith: { first, _ in first })
    }

    init(_ page: Page<NamedAssignment>, from viewpoint: Viewpoint, links: Bool = true, canRemove: Bool = false) {
        self.page = page
        self.viewpoint = viewpoint
        self.links = links
        self.canRemove = canRemove
    }

    var templateValue: TemplateValue {
        let values: TemplateObject = [
            "rows": page.items.map(row), "hasRows": !page.items.isEmpty, "total": page.total,
            "isTruncated": page.total > page.items.count, "shown": page.items.count,
            "showAccount": viewpoint != .account, "showPrincipal": viewpoint != .principal,
            "showPermissionSet": viewpoint != .permissionSet, "canRemove": canRemove, "showSync": !syncStates.isEmpty,
        ]
        return values.templateValue
    }

    /// One row: names, links (or null), the environment badge, and the fields the remove form posts.
    func row(_ named: NamedAssignment) -> TemplateValue {
        let assignment = named.assignment
        let isGroup: Bool
        if case .group = assignment.principal { isGroup = true } else { isGroup = false }
        let principalPath = isGroup ? "/admin/groups/" : "/admin/users/"
        let values: TemplateObject = [
            "principalType": assignment.principal.type, "principalID": assignment.principal.id, "isGroup": isGroup,
            "principalName": named.principalName, "principalDisplayName": named.principalDisplayName,
            "principalHref": links ? TemplateValue.string(principalPath + assignment.principal.id) : .null,
            "accountID": assignment.accountID, "accountName": named.accountName, "environment": named.accountEnvironment,
            "environmentClass": EnvironmentBadge.cssClass(named.accountEnvironment),
            "accountHref": "/admin/accounts/" + assignment.accountID,
            "permissionSetID": assignment.permissionSetID, "permissionSetName": named.permissionSetName,
            "permissionSetHref": links ? TemplateValue.string("/admin/permission-sets/" + assignment.permissionSetID) : .null,
            "removeAction": "/admin/accounts/\(assignment.accountID)/assignments/remove",
            "sync": syncStates[SyncKey(accountID: assignment.accountID, permissionSetID: assignment.permissionSetID)].map(
                AccountSyncPages.stateValue) ?? .null,
        ]
        return values.templateValue
    }
}
