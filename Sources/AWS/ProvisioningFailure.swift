/// The change AWS refused while applying a plan, with AWS's error turned into plain words and the fix.
package struct ProvisioningFailure: Error, Sendable, CustomStringConvertible {
    package var accountID: String
    package var change: ProvisioningChange
    package var error: AWSCallError
    /// Changes made before this one.
    package var appliedCount: Int
    /// What went wrong and what to do, for status pages, the audit log and the webhook.
    package var message: String

    package init(
        accountID: String, change: ProvisioningChange, error: AWSCallError, appliedCount: Int,
        suggestManagedPolicy: (String) -> String? = { _ in nil }
    ) {
        self.accountID = accountID
        self.change = change
        self.error = error
        self.appliedCount = appliedCount
        message = Self.explain(error, change: change, suggestManagedPolicy: suggestManagedPolicy)
    }

    package var description: String { "account \(accountID): could not \(change.description): \(message)" }

    /// AWS's error in words that say what to fix; AWS's own message follows where it adds something.
    package static func explain(_ error: AWSCallError, change: ProvisioningChange, suggestManagedPolicy: (String) -> String?) -> String {
        guard case .service(let service) = error else { return error.description }
        let says = service.message.isEmpty ? "" : " (AWS says: \(service.message))"
        switch (service.code, change.action) {
        case ("NoSuchEntity", .attachPolicy(_, let arn)):
            let parts = arn.split(separator: ":policy/", maxSplits: 1)
            guard parts.count == 2 else { return "\(arn) does not exist\(says)" }
            let name = String(parts[1])
            if arn.contains(":iam::aws:policy/"), let suggestion = suggestManagedPolicy(name), suggestion != name {
                return "\(arn) does not exist; did you mean \(suggestion)?"
            }
            return "\(arn) does not exist: check the permission set's managed policy ARNs"
                + (arn.contains(":iam::aws:") ? "" : " (a customer managed policy must exist in every account it is assigned in)")
        case ("MalformedPolicyDocument", .putInlinePolicy(let role, let policy, _)):
            return "AWS refused the inline policy \(policy) of role \(role) as malformed: \(service.message)"
        case ("MalformedPolicyDocument", .updateTrustPolicy(let role, _)):
            return "AWS refused the trust policy of role \(role) as malformed: \(service.message)"
        case ("MalformedPolicyDocument", .createRole(let definition)):
            return "AWS refused the trust policy of role \(definition.name) as malformed: \(service.message)"
        case ("AccessDenied", _), ("AccessDeniedException", _), ("UnauthorizedOperation", _):
            let prefix = service.action == "AssumeRole" ? "sts" : "iam"
            return "the provisioning role lacks the permission \(prefix):\(service.action): allow it in the role's policy"
                + " (and check no SCP or permissions boundary denies it)\(says)"
        case ("LimitExceeded", _):
            return "AWS's limit on \(limitName(change.action)) is reached\(says): raise the quota in Service Quotas or use fewer"
        case ("EntityAlreadyExists", .createRole(let definition)):
            return "role \(definition.name) already exists and was not created by Portico (no portico:managed tag): "
                + "Portico leaves it alone; rename or delete it, or tag it portico:managed=true to let Portico manage it"
        case ("EntityAlreadyExists", .createSAMLProvider(let name, _, _)):
            return "a SAML provider named \(name) already exists\(says)"
        case ("InvalidInput", _), ("ValidationError", _):
            return "AWS refused the values of this change\(says)"
        default:
            return service.description
        }
    }

    private static func limitName(_ action: ProvisioningChange.Action) -> String {
        switch action {
        case .attachPolicy: "managed policies per role (10 by default, at most 20)"
        case .putInlinePolicy: "the size of a role's inline policies (10,240 characters in all)"
        case .createRole: "roles per account (1,000 by default)"
        case .tagRole: "tags per role (50)"
        case .createSAMLProvider: "SAML providers per account (100)"
        case .updateTrustPolicy: "the size of a trust policy (2,048 characters by default, at most 4,096)"
        default: "IAM entities"
        }
    }
}
