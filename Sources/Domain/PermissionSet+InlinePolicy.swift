extension PermissionSet {
    /// Why `policy` cannot be a role's inline policy, or nil when it can.
    ///
    /// Only the shape is checked (a JSON object within IAM's size limit): IAM itself judges the statements
    /// when the role is deployed, and a second, stricter policy grammar here would drift from it.
    static func inlinePolicyProblem(_ policy: String) -> String? {
        if policy.unicodeScalars.count > maximumInlinePolicyLength { return "must be at most 32768 characters" }
        guard case .object? = try? JSONNode.parse(Array(policy.utf8)) else { return "must be a JSON object" }
        return nil
    }
}
