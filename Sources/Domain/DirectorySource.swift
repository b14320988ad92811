/// Where a user or group came from, which decides who may change it: SCIM-provisioned entries are only
/// touched by `portico apply` when the file names them (SPEC §7).
package enum DirectorySource: String, CaseIterable, Hashable, Sendable {
    case local
    case scim
    case saml
}

extension DirectorySource {
    /// Whether an identity provider made it (by SCIM, or at a SAML sign-in just in time): such users and
    /// groups are the provider's, so `portico apply` touches them only when its file names them.
    package var isFromIdentityProvider: Bool { self != .local }
}
