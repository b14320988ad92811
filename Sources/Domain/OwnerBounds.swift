/// What an account's owners may grant in it (issue 20): which permission sets, and to whom.
///
/// In the Cybozu setup a team's responsible person edits the team's accounts, and "users cannot get rights
/// on accounts they do not need": without bounds an owner could grant any group, vendors included, any
/// permission set, AdministratorAccess to themselves included. Bounds are set per account, or as a default
/// for an OU path that every account at or below it takes unless it has its own (`nearestOU`).
/// An account with no bounds anywhere keeps the behaviour from before bounds existed: its owners may grant
/// every permission set to groups and users, and the admin page says so.
///
/// Admins are never bound; bounds limit granting only, so an owner may still remove any assignment.
package struct OwnerBounds: Hashable, Sendable {
    /// Which users an owner may assign directly.
    package enum Users: String, CaseIterable, Hashable, Sendable {
        /// Any user.
        case all
        /// Only users of the organisation (`OwnerBounds.isOfOrganisation`), never vendors or guests.
        case organisation
        /// No user: owners grant through groups, or not at all.
        case none
    }

    /// What a set of bounds applies to: one account, or every account at or below an OU path without its own.
    package enum Scope: Hashable, Sendable {
        case account(String)
        case ou(String)
    }

    /// The permission sets owners may grant, by id; empty means none.
    package var permissionSetIDs: [String]
    /// Whether owners may assign groups (any group: a group's members are the admins' business).
    package var groups: Bool
    package var users: Users

    package init(permissionSetIDs: [String], groups: Bool, users: Users) {
        self.permissionSetIDs = Array(Set(permissionSetIDs)).sorted()
        self.groups = groups
        self.users = users
    }

    /// Whether `permissionSetID` is one owners may grant.
    package func allows(permissionSetID: String) -> Bool {
        permissionSetIDs.contains(permissionSetID)
    }

    /// Why owners may not assign `user`, or nil when they may; `organisationDomains` as in `isOfOrganisation`.
    package func problem(assigning user: User, organisationDomains: [String]) -> String? {
        switch users {
        case .all: nil
        case .none: "Owners of this account may not assign users directly."
        case .organisation:
            Self.isOfOrganisation(user, domains: organisationDomains)
                ? nil : "\(user.email) is not a user of the organisation; owners of this account may assign only those."
        }
    }

    /// Whether `user` belongs to the organisation rather than a vendor or guest: the domain of their address is
    /// one of `domains` (the `organisation_domains` setting) or below one (`mail.example.com` under
    /// `example.com`). The address is the contact email when an identity provider gave one, since a guest's
    /// sign-in name (`pat_partner.example#EXT#@corp.onmicrosoft.com`) carries the host's domain, not theirs.
    /// With no domains configured nobody is of the organisation, so `organisation` grants to no user.
    package static func isOfOrganisation(_ user: User, domains: [String]) -> Bool {
        let address = user.contactEmail ?? user.email
        guard let at = address.lastIndex(of: "@") else { return false }
        let domain = address[address.index(after: at)...].lowercased()
        return domains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }

    /// The OU path among `defaults`' keys nearest at or above `ouPath`: `root/a/b`, then `root/a`, then `root`,
    /// whole parts only (`root/a` is not above `root/ab`).
    package static func nearestOU(of ouPath: String, among defaults: [String: OwnerBounds]) -> String? {
        var path = Substring(ouPath)
        while true {
            if defaults[String(path)] != nil { return String(path) }
            guard let slash = path.lastIndex(of: "/") else { return nil }
            path = path[..<slash]
        }
    }

    /// Why `path` cannot name an OU, or nil: the same rule as an account's OU path.
    package static func ouPathProblem(_ path: String) -> String? {
        Account.ouPathProblem(path)
    }

    /// Why `text` cannot be an organisation domain (`example.com`), or nil.
    package static func domainProblem(_ text: String) -> String? {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard text.utf8.count <= 253, labels.count >= 2,
            labels.allSatisfy({ (1...63).contains($0.count) && $0.allSatisfy(allowed.contains) && !$0.hasPrefix("-") })
        else { return "\(text) is not a domain name such as example.com" }
        return nil
    }
}
