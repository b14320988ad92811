import Domain
import JSON

/// How the admin pages write an item into an audit event's `before` and `after`: the fields the directory
/// file uses, by natural key where the item names others (owners and members by email), never a secret.
package enum AuditSnapshot {
    package static func user(_ user: User) -> JSONNode {
        var fields: [String: JSONNode] = [
            "email": .string(user.email), "display_name": .string(user.displayName), "given_name": .string(user.givenName),
            "family_name": .string(user.familyName), "admin": .bool(user.isAdmin), "disabled": .bool(!user.isActive),
            "source": .string(user.source.rawValue), "attributes": .strings(user.attributes),
        ]
        if let externalID = user.externalID { fields["external_id"] = .string(externalID) }
        if let contactEmail = user.contactEmail { fields["contact_email"] = .string(contactEmail) }
        return .object(fields)
    }

    package static func group(_ group: Group) -> JSONNode {
        var fields: [String: JSONNode] = [
            "name": .string(group.name), "description": .string(group.description), "source": .string(group.source.rawValue),
        ]
        if let externalID = group.externalID { fields["external_id"] = .string(externalID) }
        if group.mfaRule != .none { fields["mfa_rule"] = .string(group.mfaRule.rawValue) }
        return .object(fields)
    }

    /// `ownerEmails` stand for `account.owners`, which holds user ids.
    package static func account(_ account: Account, ownerEmails: [String]) -> JSONNode {
        var entry = DirectoryFile.AccountEntry(id: account.id, name: account.name, email: account.email)
        entry.ou = account.ouPath
        entry.environment = account.environment
        entry.owners = ownerEmails
        entry.via = account.reachedThrough
        return .object(Dictionary(uniqueKeysWithValues: entry.fields))
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

    /// The identity provider as the directory file spells it, its certificates by SHA-256 fingerprint.
    package static func identityProvider(_ provider: IdentityProvider) -> JSONNode {
        .object(Dictionary(uniqueKeysWithValues: DirectoryFile.IdentityProviderEntry(provider).auditFields))
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

    /// `{"before": {…}, "after": {…}}` with only the fields that differ, for changes that touch a few fields
    /// of an item (a SCIM `PATCH`).
    package static func changedFields(before: JSONNode, after: JSONNode) -> [String: JSONNode] {
        guard case .object(let old) = before, case .object(let new) = after else { return change(before: before, after: after) }
        let names = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
        return [
            "before": .object(old.filter { names.contains($0.key) }), "after": .object(new.filter { names.contains($0.key) }),
        ]
    }
}
