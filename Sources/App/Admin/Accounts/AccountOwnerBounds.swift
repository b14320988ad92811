import Domain
import SQLite
import Storage
import Web

/// The bounds that hold for one account's owners (`OwnerBounds`), read from the database on the request
/// that uses them, with the organisation's domains they are checked against and the sentence that states them.
struct AccountOwnerBounds {
    /// Nil when no bounds hold: owners may grant as before bounds existed.
    let bounds: OwnerBounds?
    /// Where `bounds` come from: the account's own, or the OU default it takes.
    let scope: OwnerBounds.Scope?
    let organisationDomains: [String]
    /// Permission set names by id, for the sentence.
    let setNames: [String: String]

    /// An owner's "add" that goes outside the bounds: the form's field and the reason, refused with 403.
    struct Refusal: Error {
        let field: String
        let reason: String
    }

    /// The bounds holding for `account` now; only the permission sets they name are read, since an owner's
    /// "add" reads this inside its write.
    static func load(_ account: Account, db: Connection) throws -> AccountOwnerBounds {
        let effective = try OwnerBoundsStore(db).effective(for: account)
        let store = PermissionSetStore(db)
        let named = try (effective?.bounds.permissionSetIDs ?? []).compactMap { try store.find(id: $0) }
        return AccountOwnerBounds(
            bounds: effective?.bounds, scope: effective?.scope,
            organisationDomains: try SettingsStore(db).ownerSettings().organisationDomains,
            setNames: Dictionary(uniqueKeysWithValues: named.map { ($0.id, $0.name) }))
    }

    var offersGroups: Bool { bounds?.groups ?? true }
    var offersUsers: Bool { bounds.map { $0.users != .none } ?? true }

    func offers(_ set: PermissionSet) -> Bool { bounds?.allows(permissionSetID: set.id) ?? true }

    /// The first thing an owner may not grant among `users`, `groups` and `sets`, or nil when all is within bounds.
    func refusal(users: [User], groups: [Group], sets: [PermissionSet]) -> Refusal? {
        guard let bounds else { return nil }
        if let set = sets.first(where: { !bounds.allows(permissionSetID: $0.id) }) {
            return Refusal(field: "permission_sets", reason: "Owners of this account may not grant \(set.name).")
        }
        if !groups.isEmpty && !bounds.groups {
            return Refusal(field: "groups", reason: "Owners of this account may not assign groups.")
        }
        for user in users {
            if let reason = bounds.problem(assigning: user, organisationDomains: organisationDomains) {
                return Refusal(field: "users", reason: reason)
            }
        }
        return nil
    }

    /// What owners may grant, in one sentence: `subject` is `You` for an owner, `Its owners` for an admin.
    func sentence(subject: String) -> String {
        guard let bounds else {
            return "\(subject) may grant every permission set to any group or user: no bounds are set for this account or its OUs."
        }
        let names = bounds.permissionSetIDs.compactMap { setNames[$0] }.sorted()
        let origin =
            switch scope {
            case .ou(let path): " These bounds are the default for the OU \(path)."
            default: " These bounds are set for this account."
            }
        guard !names.isEmpty, bounds.groups || bounds.users != .none else {
            return "\(subject) may grant nothing in this account." + origin
        }
        let organisation =
            organisationDomains.isEmpty
            ? "users of the organisation (no organisation domains are set, so none)"
            : "users of the organisation (addresses at \(Self.listed(organisationDomains)))"
        let whom =
            switch (bounds.groups, bounds.users) {
            case (true, .all): "to groups and users"
            case (true, .organisation): "to groups and to \(organisation)"
            case (true, .none): "to groups only"
            case (false, .all): "to users only, not to groups"
            case (false, .organisation): "only to \(organisation), not to groups"
            case (false, .none): ""
            }
        return "\(subject) may grant \(Self.listed(names)) \(whom)." + origin
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
