import Domain
import Testing

struct IdentityPolicyCheckTests {
    private static func policy(_ statements: String, version: String? = #""Version": "2012-10-17", "#) -> String {
        "{\(version ?? "")\"Statement\": \(statements)}"
    }

    private static let allow = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#

    @Test(
        arguments: [
            policy("[\(allow)]"),
            policy(allow),
            policy(allow, version: #""Version": "2008-10-17", "Id": "Deploy", "#),
            policy(
                #"[{"Sid": "Read1", "Effect": "Allow", "Action": ["s3:Get*", "s3:List?ucket", "*"], "Resource": ["arn:aws:s3:::b/*", "*"]}]"#
            ),
            policy(#"[{"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::123456789012:role/${aws:username}"}]"#),
            policy(
                #"[{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}, "ForAllValues:StringLike": {"aws:TagKeys": "team*"}, "ForAnyValue:StringEquals": {"aws:PrincipalTag/x": "y"}, "Bool": {"aws:MultiFactorAuthPresent": true}, "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "Null": {"aws:TokenIssueTime": "false"}, "IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}}]"#
            ),
            policy(
                #"[{"Sid": "A", "Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}, {"Sid": "B", "Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws-us-gov:iam::*:*"}]"#
            ),
        ])
    func acceptsPoliciesInIAMGrammar(text: String) {
        #expect(IdentityPolicyCheck.problems(text) == [])
    }

    @Test(
        arguments: [
            (policy(allow, version: nil), "Version", "is missing"),
            (policy(allow, version: #""Version": "2012-10-18", "#), "Version", "must be"),
            (policy(allow, version: #""Version": "2012-10-17", "Id": 3, "#), "Id", "must be a string"),
            (#"{"Version": "2012-10-17"}"#, "Statement", "is missing"),
            (policy("[]"), "Statement", "at least one statement"),
            (policy(#""Allow""#), "Statement", "a statement object or an array"),
            (policy("[1]"), "Statement[0]", "must be an object"),
            (
                #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}, "Extra": 1}"#, "Extra",
                "is not a policy element"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": {"AWS": "*"}}]"#), "Statement[0].Principal",
                "an identity policy cannot name a Principal; trust is set by Portico"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "*", "Resource": "*", "NotPrincipal": "*"}]"#), "Statement[0].NotPrincipal",
                "cannot name a Principal"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "no-dashes"}]"#), "Statement[0].Sid",
                "letters and digits only"
            ),
            (
                policy(
                    #"[{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}]"#
                ),
                "Statement[1].Sid", "repeats the Sid of Statement[0]"
            ),
            (policy(#"[{"Action": "*", "Resource": "*"}]"#), "Statement[0]", "has no Effect"),
            (policy(#"[{"Effect": "allow", "Action": "*", "Resource": "*"}]"#), "Statement[0].Effect", "must be"),
            (policy(#"[{"Effect": "Allow", "Resource": "*"}]"#), "Statement[0]", "has no Action"),
            (
                policy(#"[{"Effect": "Allow", "Action": "*", "NotAction": "iam:*", "Resource": "*"}]"#), "Statement[0]",
                "has both Action and NotAction"
            ),
            (policy(#"[{"Effect": "Allow", "Action": "*"}]"#), "Statement[0]", "has no Resource"),
            (
                policy(#"[{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}]"#), "Statement[0]",
                "has both Resource and NotResource"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": ["s3:GetObject", "GetObject"], "Resource": "*"}]"#), "Statement[0].Action[1]",
                "must be service:Action"
            ),
            (policy(#"[{"Effect": "Allow", "Action": [], "Resource": "*"}]"#), "Statement[0].Action", "at least one action"),
            (policy(#"[{"Effect": "Allow", "NotAction": [3], "Resource": "*"}]"#), "Statement[0].NotAction[0]", "must be a string"),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "my-bucket"}]"#), "Statement[0].Resource",
                "must be \"*\" or an ARN"
            ),
            (policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": ["*", "arn:aws:s3"]}]"#), "Statement[0].Resource[1]", "an ARN"),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"a:b": "c"}}}]"#),
                "Statement[0].Condition.StringEqual", "did you mean StringEquals?"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"a:b": "true"}}}]"#),
                "Statement[0].Condition.NullIfExists", "Null takes neither"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"a:b": {"c": 1}}}}]"#),
                "Statement[0].Condition.StringEquals[\"a:b\"]", "must be a string, number, boolean"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": "x"}}]"#),
                "Statement[0].Condition.StringEquals", "must be an object of condition keys"
            ),
            (
                policy(#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": []}]"#), "Statement[0].Condition",
                "must be an object of operators"
            ),
            ("[]", "", "must be a JSON object"),
            ("{", "", "is not valid JSON at line 1, column 2"),
        ] as [(String, String, String)])
    func refusesWithThePlaceAndTheFix(text: String, location: String, reason: String) {
        let problems = IdentityPolicyCheck.problems(text)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.location == location, "\(problems)")
        #expect(problems.first?.reason.contains(reason) == true, "\(problems)")
    }

    @Test func countsTheSizeWithoutWhitespaceAsIAMDoes() {
        let statement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-name-with-some-length/*"}"#
        let fits = Self.policy("[" + Array(repeating: statement, count: 100).joined(separator: ",\n    ") + "]")
        #expect(fits.count > 10_240)
        #expect(IdentityPolicyCheck.problems(fits) == [])
        let tooBig = Self.policy("[" + Array(repeating: statement, count: 120).joined(separator: ",") + "]")
        let problems = IdentityPolicyCheck.problems(tooBig)
        #expect(problems.count == 1)
        #expect(problems.first?.location == "")
        #expect(problems.first?.reason.hasPrefix("is 1") == true && problems.first?.reason.contains("at most 10240") == true)
        // Spaces inside strings count.
        #expect(
            IdentityPolicyCheck.problems(
                #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "X"}}"#) == [])
    }

    @Test func reportsEveryProblemAtOnce() {
        let text = Self.policy(
            #"[{"Effect": "Maybe", "Action": "x", "Resource": "y", "Principal": "*"}, {"Effect": "Allow"}]"#, version: nil)
        #expect(
            IdentityPolicyCheck.problems(text).map(\.location) == [
                "Version", "Statement[0].Principal", "Statement[0].Effect", "Statement[0].Action", "Statement[0].Resource",
                "Statement[1]", "Statement[1]",
            ])
    }
}
