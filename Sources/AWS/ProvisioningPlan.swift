/// What the reconciler would change in one account, in the order `apply` makes the changes, and the roles it
/// will not touch.
package struct ProvisioningPlan: Sendable, Equatable {
    package var accountID: String
    /// In a safe order: the SAML provider first (roles' trust policies name it), then each role created or
    /// updated (role, trust, settings, policies, tags), then roles no longer assigned (policies off, then the role).
    package var changes: [ProvisioningChange]
    /// Roles Portico needs whose names are taken by roles it did not create; never changed.
    package var conflicts: [ProvisioningConflict]

    package init(accountID: String, changes: [ProvisioningChange], conflicts: [ProvisioningConflict]) {
        self.accountID = accountID
        self.changes = changes
        self.conflicts = conflicts
    }

    /// No change to make (conflicts may remain: they need a person).
    package var isEmpty: Bool { changes.isEmpty }

    /// One change a line, then the conflicts, as `--dry-run` prints them.
    package var lines: [String] {
        changes.map(\.description) + conflicts.map(\.description)
    }
}

/// A role Portico needs whose name is taken by a role without the `portico:managed` tag.
package struct ProvisioningConflict: Sendable, Equatable, CustomStringConvertible {
    /// The name Portico needs.
    package var roleName: String
    /// The existing role's name (IAM names ignore case, so the spelling may differ).
    package var existingRoleName: String
    package var permissionSet: String?

    package init(roleName: String, existingRoleName: String, permissionSet: String?) {
        self.roleName = roleName
        self.existingRoleName = existingRoleName
        self.permissionSet = permissionSet
    }

    package var description: String {
        "role \(existingRoleName) already exists and was not created by Portico (no portico:managed tag): left alone; "
            + "rename or delete it, or tag it portico:managed=true to let Portico manage it"
    }
}
