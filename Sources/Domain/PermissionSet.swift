/// A role template: what a user gets in an account, and for how long. Portico creates one IAM role per
/// permission set in each account it is assigned in.
package struct PermissionSet: Hashable, Sendable {
    package var id: String
    /// Also the IAM role name, hence IAM's character set.
    package var name: String
    package var description: String
    /// A role session's length; changing it affects new role sessions only.
    package var sessionDuration: ISODuration
    /// Where the console opens when the link names no destination.
    package var relayState: String?
    package var managedPolicyARNs: [String]
    /// An IAM policy document, kept as the admin wrote it.
    package var inlinePolicy: String?
    package var tags: [String: String]

    package static let defaultSessionDuration = ISODuration(seconds: 3_600)
    /// The longest inline policy Portico stores; IAM's own limit (10,240 characters without whitespace) is
    /// `IdentityPolicyCheck.maximumRolePolicySize`, checked when the policy is saved.
    package static let maximumInlinePolicyLength = 32_768

    package init(
        id: String = FieldRules.newIdentifier(), name: String, description: String = "",
        sessionDuration: ISODuration = PermissionSet.defaultSessionDuration, relayState: String? = nil,
        managedPolicyARNs: [String] = [], inlinePolicy: String? = nil, tags: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.sessionDuration = sessionDuration
        self.relayState = relayState
        self.managedPolicyARNs = managedPolicyARNs
        self.inlinePolicy = inlinePolicy
        self.tags = tags
    }

    package func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !FieldRules.isIdentifier(id) { errors.append(FieldError("id", "must be a lowercase UUID")) }
        if name.isEmpty || name.count > 32 || !FieldRules.isASCIIWord(name, extra: "+=,.@-") {
            errors.append(FieldError("name", "must be 1 to 32 letters, digits or +=,.@_-"))
        }
        // IAM Identity Center's limit on a permission set's description.
        if let reason = FieldRules.text(description, required: false, maximum: 700) {
            errors.append(FieldError("description", reason))
        }
        if let reason = ISODuration.rangeProblem(sessionDuration, in: ISODuration.permissionSetRange) {
            errors.append(FieldError("session_duration", reason))
        }
        if let relayState, let reason = Self.relayStateProblem(relayState) { errors.append(FieldError("relay_state", reason)) }
        for (index, arn) in managedPolicyARNs.enumerated() {
            if !Self.isManagedPolicyARN(arn) {
                errors.append(
                    FieldError(
                        "managed_policies[\(index)]",
                        "must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"))
            } else if managedPolicyARNs[..<index].contains(arn) {
                errors.append(FieldError("managed_policies[\(index)]", "is listed twice"))
            }
        }
        if let inlinePolicy, let reason = Self.inlinePolicyProblem(inlinePolicy) { errors.append(FieldError("inline_policy", reason)) }
        errors += FieldRules.tagProblems(tags, field: "tags")
        if tags.count > 50 { errors.append(FieldError("tags", "must have at most 50 tags")) }
        return errors
    }

    /// The partitions whose IAM policy ARNs are accepted: commercial, GovCloud (US) and China.
    package static let policyPartitions = ["aws", "aws-us-gov", "aws-cn"]

    /// Whether `arn` names an AWS managed policy or a customer managed policy of a 12-digit account, in
    /// any partition of `policyPartitions`.
    package static func isManagedPolicyARN(_ arn: String) -> Bool {
        guard let prefix = policyPartitions.map({ "arn:\($0):iam::" }).first(where: { arn.hasPrefix($0) }) else { return false }
        let rest = arn.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return false }
        let owner = String(rest[..<colon])
        guard owner == "aws" || Account.isAccountID(owner) else { return false }
        let resource = rest[rest.index(after: colon)...]
        guard resource.hasPrefix("policy/") else { return false }
        let path = resource.dropFirst("policy/".count)
        // A path such as `service-role/` may precede the policy name; neither part may be empty.
        return !path.isEmpty && path.count <= 512 && !path.hasSuffix("/") && !path.hasPrefix("/") && !path.contains("//")
            && FieldRules.isASCIIWord(String(path), extra: "+=,.@-/")
    }

    /// What makes `url` no https URL at all; whether a launch would open it is `relayStateProblem(allowedConsoleHosts:)`.
    static func relayStateProblem(_ url: String) -> String? {
        let prefix = "https://"
        guard url.hasPrefix(prefix), url.count > prefix.count else { return "must be an https URL" }
        let host = url.dropFirst(prefix.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.isEmpty || host.contains("@") { return "must be an https URL" }
        if url.unicodeScalars.count > 2048 { return "must be at most 2048 characters" }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "must not contain spaces or control characters"
        }
        return nil
    }
}
