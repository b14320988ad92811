import Domain
import JSON

/// How the admin pages write an item into an audit event's `before` and `after`: the fields the directory
/// file uses, by natural key where the item names others (owners and members by email), never a secret.
package enum AuditSnapshot {
    package static func user(_ user: User) -> JSONNode {
        .object([
            "email": .string(user.email), "display_name": .string(user.displayName), "given_name": .string(user.givenName),
            "family_name": .string(user.familyName), "admin": .bool(user.isAdmin), "disabled": .bool(!user.isActive),
            "source": .string(user.source.rawValue), "attributes": .strings(user.attributes),
        ])
    }

    package static func group(_ group: Group) -> JSONNode {
        .object(["name": .string(group.name), "description": .string(group.description), "source": .string(group.source.rawValue)])
    }

    /// `ownerEmails` stand for `account.owners`, which holds user ids.
    package static func account(_ account: Account, ownerEmails: [String]) -> JSONNode {
        .object([
            "id": .string(account.id), "name": .string(account.name), "email": .string(account.email), "ou": .string(account.ouPath),
            "environment": .string(account.environment), "owners": .strings(ownerEmails),
        ])
    }

    /// The permission set as the directory file spells it, policies and tags included.
    package static func permissionSet(_ set: PermissionSet) -> JSONNode {
        var entry = DirectoryFile.PermissionSetEntry(name: set.name)
        entry.description = set.description
        entry.sessionDuration = set.sessionDuration
        entry.relayState = set.relayState
        entry.managedPolicies = set.managedPolicyARNs
        entry.inlinePolicy = set.inlinePolicy
        entry.tags = set.tags
        return .object(Dictionary(uniqueKeysWithValues: entry.fields))
    }

    /// `{"before": {…}, "after": {…}}` holding only `keys`, each as the directory file spells it.
    package static func settings(before: PortalSettings, after: PortalSettings, keys: [PortalSettings.Key]) -> [String: JSONNode] {
        change(
            before: .object(Dictionary(uniqueKeysWithValues: keys.map { ($0.rawValue, before.value($0)) })),
            after: .object(Dictionary(uniqueKeysWithValues: keys.map { ($0.rawValue, after.value($0)) })))
    }

    /// `{"before": …, "after": …}`, leaving out the side that is nil.
    package static func change(before: JSONNode?, after: JSONNode?) -> [String: JSONNode] {
        var details: [String: JSONNode] = [:]
        if let before { details["before"] = before }
        if let after { details["after"] = after }
        return details
    }
}
