/// The IAM calls the reconciler makes in one account: `IAMClient` against AWS, an in-memory fake in tests.
///
/// Reads return nil for an entity that does not exist (`NoSuchEntity`) rather than throwing, since the
/// reconciler asks in order to find out. Policy documents are JSON text, already URL-decoded.
package protocol IAMOperations: Sendable {
    func getRole(_ name: String) throws(AWSCallError) -> IAMRole?
    /// Every role (all pages), without tags, as `ListRoles` returns them.
    func listRoles(pathPrefix: String?) throws(AWSCallError) -> [IAMRole]
    func createRole(_ role: IAMRoleDefinition) throws(AWSCallError) -> IAMRole
    func updateAssumeRolePolicy(roleName: String, document: String) throws(AWSCallError)
    func updateRole(roleName: String, description: String, maxSessionDuration: Int) throws(AWSCallError)
    func tagRole(roleName: String, tags: [IAMTag]) throws(AWSCallError)
    func untagRole(roleName: String, keys: [String]) throws(AWSCallError)
    func listAttachedRolePolicies(roleName: String) throws(AWSCallError) -> [IAMAttachedPolicy]
    func attachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError)
    func detachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError)
    func listRolePolicies(roleName: String) throws(AWSCallError) -> [String]
    func getRolePolicy(roleName: String, policyName: String) throws(AWSCallError) -> String?
    func putRolePolicy(roleName: String, policyName: String, document: String) throws(AWSCallError)
    func deleteRolePolicy(roleName: String, policyName: String) throws(AWSCallError)
    func deleteRole(_ name: String) throws(AWSCallError)
    /// The ARNs of the account's SAML providers.
    func listSAMLProviders() throws(AWSCallError) -> [String]
    func getSAMLProvider(arn: String) throws(AWSCallError) -> IAMSAMLProvider?
    /// Returns the new provider's ARN.
    func createSAMLProvider(name: String, metadataDocument: String, tags: [IAMTag]) throws(AWSCallError) -> String
    func updateSAMLProvider(arn: String, metadataDocument: String) throws(AWSCallError)
}
