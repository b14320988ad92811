/// One change the reconciler makes in an account, with the words `portico provision --dry-run` prints.
package struct ProvisioningChange: Sendable, Equatable, CustomStringConvertible {
    package enum Action: Sendable, Equatable {
        case createSAMLProvider(name: String, metadataDocument: String, tags: [IAMTag])
        case updateSAMLProvider(arn: String, metadataDocument: String)
        case createRole(IAMRoleDefinition)
        case updateTrustPolicy(roleName: String, document: String)
        case updateRole(roleName: String, description: String, maxSessionDuration: Int)
        case attachPolicy(roleName: String, policyARN: String)
        case detachPolicy(roleName: String, policyARN: String)
        case putInlinePolicy(roleName: String, policyName: String, document: String)
        case deleteInlinePolicy(roleName: String, policyName: String)
        case tagRole(roleName: String, tags: [IAMTag])
        case untagRole(roleName: String, keys: [String])
        case deleteRole(roleName: String)
    }

    package var action: Action
    /// The permission set the change is made for, so status can be reported per permission set; nil for the
    /// SAML provider, jump roles and roles being deleted.
    package var permissionSet: String?
    /// What the change does, in plain words: `create role ReadOnly`, `attach … to ReadOnly`.
    package var description: String

    package init(_ action: Action, permissionSet: String?, description: String) {
        self.action = action
        self.permissionSet = permissionSet
        self.description = description
    }

    /// The role the change is about; nil for the SAML provider.
    package var roleName: String? {
        switch action {
        case .createSAMLProvider, .updateSAMLProvider: nil
        case .createRole(let role): role.name
        case .updateTrustPolicy(let name, _), .updateRole(let name, _, _), .attachPolicy(let name, _), .detachPolicy(let name, _),
            .putInlinePolicy(let name, _, _), .deleteInlinePolicy(let name, _), .tagRole(let name, _), .untagRole(let name, _),
            .deleteRole(let name):
            name
        }
    }
}
