import JSON

extension PermissionSet {
    /// What IAM would refuse in this set's policies: managed policy ARNs missing from AWS's managed policies
    /// (`ManagedPolicyCatalog`) and an inline policy outside IAM's grammar (`IdentityPolicyCheck`).
    ///
    /// Only what differs from `before` (the stored set, nil for a new one) is checked: a set saved before
    /// these checks existed still loads and can have its description changed; its policies are judged when
    /// they change, and again by `provisioningProblems()` before anything is sent to AWS. Problems that
    /// `validate()` reports (an ARN of the wrong shape, text that is not a JSON object) are not repeated.
    /// An inline policy's problems are named `inline_policy.Statement[0].Action`.
    package func policyProblems(comparedTo before: PermissionSet? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, arn) in managedPolicyARNs.enumerated()
        where Self.isManagedPolicyARN(arn) && before?.managedPolicyARNs.contains(arn) != true {
            if let reason = ManagedPolicyCatalog.problem(arn: arn) { errors.append(FieldError("managed_policies[\(index)]", reason)) }
        }
        if let inlinePolicy, Self.inlinePolicyProblem(inlinePolicy) == nil,
            !Self.samePolicy(inlinePolicy, before?.inlinePolicy)
        {
            for problem in IdentityPolicyCheck.problems(inlinePolicy) {
                errors.append(FieldError(problem.location.isEmpty ? "inline_policy" : "inline_policy.\(problem.location)", problem.reason))
            }
        }
        return errors
    }

    /// Every reason the role for this set cannot be created or updated as it stands, in words for the admin
    /// (`arn:aws:iam::aws:policy/AdministratorAcess does not exist; did you mean AdministratorAccess?`); the
    /// provisioning reconciler calls this before making a call, since stored sets may predate the checks.
    package func provisioningProblems() -> [String] {
        (validate() + policyProblems()).map { error in
            if error.field.hasPrefix("managed_policies["), let index = Int(error.field.dropFirst("managed_policies[".count).dropLast()),
                index < managedPolicyARNs.count
            {
                return "\(managedPolicyARNs[index]) \(error.reason)"
            }
            if error.field.hasPrefix("inline_policy") {
                let location = error.field.dropFirst("inline_policy".count).drop { $0 == "." }
                return location.isEmpty ? "The inline policy \(error.reason)" : "Inline policy: \(location) \(error.reason)"
            }
            return error.description
        }
    }

    /// Whether two policy texts hold the same JSON value (key order and spacing aside).
    private static func samePolicy(_ text: String, _ other: String?) -> Bool {
        guard let other else { return false }
        if text == other { return true }
        guard case .success(let a) = JSONSyntax.parse(Array(text.utf8)), case .success(let b) = JSONSyntax.parse(Array(other.utf8))
        else { return false }
        return a == b
    }
}
