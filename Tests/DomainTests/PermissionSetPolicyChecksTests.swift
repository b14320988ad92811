import Domain
import Testing

struct PermissionSetPolicyChecksTests {
    @Test func permissionSetsJudgeOnlyWhatChanged() {
        let stored = PermissionSet(
            name: "Legacy", managedPolicyARNs: ["arn:aws:iam::aws:policy/MadeUp"], inlinePolicy: #"{"Version":"2012-10-17","Statement":[]}"#
        )
        #expect(stored.validate() == [])
        #expect(stored.policyProblems(comparedTo: stored) == [])
        var changed = stored
        changed.description = "only the description"
        #expect(changed.policyProblems(comparedTo: stored) == [])
        changed.managedPolicyARNs.append("arn:aws:iam::aws:policy/ReadOnlyAcces")
        changed.inlinePolicy = #"{"Statement": [], "Version": "2012-10-17"}"#
        #expect(
            changed.policyProblems(comparedTo: stored) == [
                FieldError("managed_policies[1]", "does not exist; did you mean ReadOnlyAccess?")
            ])
        #expect(
            stored.provisioningProblems() == [
                "arn:aws:iam::aws:policy/MadeUp does not exist among AWS managed policies (if AWS added it since, run scripts/refresh-managed-policies)",
                "Inline policy: Statement must list at least one statement",
            ])
    }
}
