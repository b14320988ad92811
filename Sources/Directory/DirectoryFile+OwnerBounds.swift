import Domain
import JSON

extension DirectoryFile {
    /// One entry of `owner_bounds`: what the owners of one account (`account`), or of every account at or
    /// below an OU path without bounds of their own (`ou`), may grant. Permission sets by name, in the
    /// file's order (so an error can point at one); compared and exported sorted.
    package struct OwnerBoundsEntry: Hashable, Sendable {
        package var scope: OwnerBounds.Scope
        package var permissionSets: [String] = []
        package var groups = true
        package var users = OwnerBounds.Users.all

        package init(scope: OwnerBounds.Scope) { self.scope = scope }

        /// The entry of `bounds`, its permission sets named by `setNames` (ids to names), sorted.
        package init(_ bounds: OwnerBounds, scope: OwnerBounds.Scope, setNames: [String: String]) {
            self.scope = scope
            permissionSets = bounds.permissionSetIDs.compactMap { setNames[$0] }.sorted()
            groups = bounds.groups
            users = bounds.users
        }

        /// `account:111111111111` or `ou:root/service`, as plan lines show it.
        package var key: String {
            switch scope {
            case .account(let id): "account:\(id)"
            case .ou(let path): "ou:\(path)"
            }
        }

        var fields: [(String, JSONNode)] {
            let scoped: (String, JSONNode) =
                switch scope {
                case .account(let id): ("account", .string(id))
                case .ou(let path): ("ou", .string(path))
                }
            // Sorted, so the order a file lists them in is no change.
            return [
                scoped, ("permission_sets", .strings(permissionSets.sorted())), ("groups", .bool(groups)),
                ("users", .string(users.rawValue)),
            ]
        }

        /// The entry as an audit event's `before` or `after` holds it.
        package var auditNode: JSONNode { .object(Dictionary(uniqueKeysWithValues: fields)) }
    }
}
