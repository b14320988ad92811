/// Where a user or group came from, which decides who may change it: SCIM-provisioned entries are only
/// touched by `portico apply` when the file names them (SPEC §7).
package enum DirectorySource: String, CaseIterable, Hashable, Sendable {
    case local
    case scim
    case saml
}
