import Directory
import Domain
import JSON
import SQLite
import Storage
import Web

/// Stores an admin's change to owner bounds with its audit event, in one transaction.
enum OwnerBoundsChange {
    /// Sets (or with nil removes) the bounds of `scope`; the event (`owner_bounds.create`, `.update` or `.delete`,
    /// as `portico apply` names them) names the scope as plan lines do (`account:111111111111`, `ou:root/service`)
    /// and holds the bounds before and after, permission sets by name. Saving unchanged bounds is not a change: no event.
    static func record(
        _ bounds: OwnerBounds?, for scope: OwnerBounds.Scope, by admin: SignedInUser, authentication: Authentication, request: Request
    ) throws {
        try authentication.database.write { db in
            let store = OwnerBoundsStore(db)
            let before = try store.find(scope)
            guard before != bounds else { return }
            let sets = try PermissionSetStore(db).list(ListQuery(sort: .name, limit: AdminAccountPages.choiceLimit)).items
            let names = Dictionary(uniqueKeysWithValues: sets.map { ($0.id, $0.name) })
            try store.set(bounds, for: scope)
            let entry = DirectoryFile.OwnerBoundsEntry(scope: scope)
            let details = AuditSnapshot.change(
                before: before.map { DirectoryFile.OwnerBoundsEntry($0, scope: scope, setNames: names).auditNode },
                after: bounds.map { DirectoryFile.OwnerBoundsEntry($0, scope: scope, setNames: names).auditNode })
            let action = before == nil ? "owner_bounds.create" : bounds == nil ? "owner_bounds.delete" : "owner_bounds.update"
            try authentication.audit(
                action, actor: admin.user.email, target: entry.key, request: request, db: db, details: details)
        }
    }
}
