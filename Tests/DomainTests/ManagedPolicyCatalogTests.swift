import Domain
import Testing

struct ManagedPolicyCatalogTests {
    @Test(arguments: [
        "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess",
        "arn:aws-cn:iam::aws:policy/job-function/Billing", "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
    ])
    func knowsAWSManagedPoliciesInEveryPartition(arn: String) {
        #expect(ManagedPolicyCatalog.contains(arn: arn))
        #expect(ManagedPolicyCatalog.problem(arn: arn) == nil)
    }

    @Test func theSnapshotIsSortedAndLarge() {
        #expect(ManagedPolicyCatalog.entries.count > 1_000)
        #expect(ManagedPolicyCatalog.entries == ManagedPolicyCatalog.entries.sorted())
    }

    @Test(
        arguments: [
            ("arn:aws:iam::aws:policy/AdministratorAcess", "AdministratorAccess"),
            ("arn:aws:iam::aws:policy/ReadOnlyAcces", "ReadOnlyAccess"),
            ("arn:aws:iam::aws:policy/AmazonS3ReadOnly", "AmazonS3ReadOnlyAccess"),
            ("arn:aws-cn:iam::aws:policy/readonlyaccess", "ReadOnlyAccess"),
            ("arn:aws:iam::aws:policy/service-role/AWSConfigRole", "service-role/AWS_ConfigRole"),
            ("arn:aws:iam::aws:policy/PowerUserAccess", "PowerUserAccess"),
            ("AdminstratorAccess", "AdministratorAccess"),
        ])
    func suggestsTheClosestName(typed: String, match: String) {
        #expect(ManagedPolicyCatalog.closestMatch(to: typed) == match)
    }

    @Test func refusesAMisspeltNameWithASuggestion() {
        #expect(
            ManagedPolicyCatalog.problem(arn: "arn:aws:iam::aws:policy/AdministratorAcess")
                == "does not exist; did you mean AdministratorAccess?")
        #expect(
            ManagedPolicyCatalog.problem(arn: "arn:aws:iam::aws:policy/Zzqxv")?.hasPrefix("does not exist among AWS managed policies")
                == true)
        #expect(ManagedPolicyCatalog.closestMatch(to: "arn:aws:iam::aws:policy/CompletelyMadeUpPolicyName") == nil)
    }

    @Test(arguments: [
        ("arn:aws:iam::123456789012:policy/team/Deploy", true), ("arn:aws-us-gov:iam::123456789012:policy/Anything", true),
        ("arn:aws:iam::12345678901:policy/Short", false), ("arn:aws:iam::aws:policy/ReadOnlyAccess", false),
        ("arn:aws:iam::123456789012:role/Deploy", false),
    ])
    func checksCustomerManagedShapeOnly(arn: String, customer: Bool) {
        #expect(ManagedPolicyCatalog.isCustomerManagedPolicyARN(arn) == customer)
        if customer { #expect(ManagedPolicyCatalog.problem(arn: arn) == nil) }
    }

    @Test(arguments: ["ReadOnlyAccess", "garbage", "arn:aws:s3:::bucket", "arn:aws-iso:iam::aws:policy/ReadOnlyAccess", ""])
    func refusesGarbage(arn: String) {
        #expect(!ManagedPolicyCatalog.contains(arn: arn))
        #expect(ManagedPolicyCatalog.problem(arn: arn)?.hasPrefix("must be an IAM policy ARN") == true)
    }
}
