import Domain
import JSON
import SQLite
import Storage

extension DirectoryPlanner {
    /// Every account and permission set `owner_bounds` names exists afterwards; the error names the field.
    mutating func checkOwnerBounds() {
        for (index, entry) in (file.ownerBounds ?? []).enumerated() {
            let path = "$.owner_bounds[\(index)]"
            if case .account(let id) = entry.scope, !finalAccounts.contains(id), !unresolved.accounts.contains(id),
                !unresolved.sections.contains("accounts")
            {
                errors.append(DirectoryFileError(DirectoryFileError.path(path, "account"), "unknown account \(id)"))
            }
            for (setIndex, name) in entry.permissionSets.enumerated()
            where finalPermissionSets[name] == nil && !unresolved.permissionSets.contains(name)
                && !unresolved.sections.contains("permission_sets")
            {
                let setPath = DirectoryFileError.path(DirectoryFileError.path(path, "permission_sets"), setIndex)
                errors.append(DirectoryFileError(setPath, "unknown permission set \(name)"))
            }
        }
    }

    /// After permission sets, which the bounds name; bounds the file leaves out are removed (an account's go
    /// with it anyway when the plan deletes the account, and removing them first is harmless).
    mutating func planOwnerBounds() {
        guard let entries = file.ownerBounds else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.ownerBounds ?? []).map { ($0.key, $0) })
        for entry in entries {
            let bounds = OwnerBounds(
                permissionSetIDs: entry.permissionSets.compactMap { finalPermissionSets[$0] }, groups: entry.groups, users: entry.users)
            let scope = entry.scope
            let perform: (Connection, DirectoryPlan.Execution) throws -> Void = { db, _ in try OwnerBoundsStore(db).set(bounds, for: scope)
            }
            if let old = stored[entry.key] {
                let differences = DirectoryChange.differences(old.fields, entry.fields)
                guard !differences.isEmpty else { continue }
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .ownerBounds, key: DirectoryChange.shown(entry.key), differences: differences,
                        before: old.auditNode, after: entry.auditNode, perform: perform))
            } else {
                changes.append(
                    DirectoryChange(
                        action: .create, kind: .ownerBounds, key: DirectoryChange.shown(entry.key), differences: [], before: nil,
                        after: entry.auditNode, perform: perform))
            }
        }
        let named = Set(entries.map(\.key))
        for old in current.file.ownerBounds ?? [] where !named.contains(old.key) {
            let scope = old.scope
            deletions.append(
                DirectoryChange(
                    action: .delete, kind: .ownerBounds, key: DirectoryChange.shown(old.key), differences: [], before: old.auditNode,
                    after: nil, perform: { db, _ in try OwnerBoundsStore(db).set(nil, for: scope) }))
        }
    }
}
