import JSON

extension PermissionSet {
    /// Why `policy` cannot be a role's inline policy, or nil when it can.
    ///
    /// Only the shape is checked here (a JSON object Portico can store): this is what every stored set must
    /// meet, including sets saved before IAM's grammar was checked. The grammar and IAM's own size limit are
    /// `policyProblems(comparedTo:)`'s, checked when a policy is saved or provisioned. A syntax error names
    /// its line and column, since the admin is looking at the policy in a textarea.
    static func inlinePolicyProblem(_ policy: String) -> String? {
        if policy.unicodeScalars.count > maximumInlinePolicyLength { return "must be at most 32768 characters" }
        switch JSONSyntax.check(policy) {
        case .failure(let problem):
            return "must be a JSON object; it is not valid JSON at \(problem)"
        case .success(let kind) where kind != .object:
            let found =
                switch kind {
                case .array: "an array"
                case .null: "null"
                default: "a \(kind.rawValue)"
                }
            return "must be a JSON object, not \(found)"
        case .success:
            // `check` reads the text as `JSONNode.parse` does, so `portico export` can read it back.
            return nil
        }
    }
}
