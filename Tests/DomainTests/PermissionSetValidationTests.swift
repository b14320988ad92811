import Domain
import Testing

struct PermissionSetValidationTests {
    private func permissionSet(_ change: (inout PermissionSet) -> Void = { _ in }) -> PermissionSet {
        var set = PermissionSet(
            name: "AdministratorAccess", description: "Full access", relayState: "https://console.aws.amazon.com/",
            managedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            inlinePolicy: #"{"Version": "2012-10-17", "Statement": []}"#, tags: ["team": "platform"])
        change(&set)
        return set
    }

    @Test func acceptsATypicalPermissionSet() {
        #expect(permissionSet().validate() == [])
        #expect(PermissionSet(name: "ReadOnly").validate() == [])
        #expect(PermissionSet(name: "ReadOnly").sessionDuration == ISODuration("PT1H"))
    }

    @Test(arguments: ["a", "Billing", "Power_User+x=y,z.w@q-1", String(repeating: "A", count: 32)])
    func acceptsNamesInIAMCharacterSet(name: String) {
        #expect(permissionSet { $0.name = name }.validate() == [])
    }

    @Test(arguments: ["", String(repeating: "A", count: 33), "Admin Access", "Admin/Access", "管理者", "Admin<script>", "é"])
    func rejectsNamesOutsideIAMCharacterSet(name: String) {
        #expect(permissionSet { $0.name = name }.validate() == [FieldError("name", "must be 1 to 32 letters, digits or +=,.@_-")])
    }

    @Test(arguments: [("PT1H", true), ("PT12H", true), ("PT4H30M", true), ("PT59M", false), ("PT12H1M", false), ("P1D", false)])
    func limitsSessionDuration(text: String, valid: Bool) {
        let errors = permissionSet { $0.sessionDuration = ISODuration(text)! }.validate()
        #expect(errors == (valid ? [] : [FieldError("session_duration", "must be between 1 hour and 12 hours")]))
    }

    @Test(
        arguments: [
            ("https://console.aws.amazon.com/ec2/home?region=ap-northeast-1#Instances:", nil),
            ("http://console.aws.amazon.com/", "must be an https URL"), ("https://", "must be an https URL"),
            ("console.aws.amazon.com", "must be an https URL"), ("https://user@evil.example/", "must be an https URL"),
            ("https://console.aws.amazon.com/a b", "must not contain spaces or control characters"),
            ("javascript:alert(1)", "must be an https URL"),
        ] as [(String, String?)])
    func checksRelayState(url: String, reason: String?) {
        #expect(permissionSet { $0.relayState = url }.validate() == (reason.map { [FieldError("relay_state", $0)] } ?? []))
    }

    @Test(
        arguments: [
            ("https://console.aws.amazon.com/ec2/home", nil),
            ("https://eu-west-1.console.aws.amazon.com/s3/", nil),
            ("https://console.amazonaws.cn/", nil),
            ("https://evil.example/", "evil.example is not one"),
            ("https://console.aws.amazon.com.evil.example/", "console.aws.amazon.com.evil.example is not one"),
            ("https://evilconsole.aws.amazon.com/", "evilconsole.aws.amazon.com is not one"),
            ("https://console.aws.amazon.com:8443/", "the address must not name a port other than 443"),
        ] as [(String, String?)])
    func relayStateMustBeOnAnAllowedConsoleHost(url: String, detail: String?) {
        let set = permissionSet { $0.relayState = url }
        let expected = detail.map {
            FieldError(
                "relay_state",
                "must be a page on an allowed AWS console host (console.aws.amazon.com, console.amazonaws-us-gov.com, "
                    + "console.amazonaws.cn, or a subdomain of one): \($0)")
        }
        #expect(set.relayStateProblem(allowedConsoleHosts: ConsoleDestination.defaultAllowedHosts) == expected)
    }

    @Test func aStoredRelayStateIsNotJudgedAgainButAChangedOneIs() {
        let stored = permissionSet { $0.relayState = "https://intranet.example.com/" }
        let hosts = ConsoleDestination.defaultAllowedHosts
        #expect(stored.relayStateProblem(allowedConsoleHosts: hosts, comparedTo: stored) == nil)
        #expect(permissionSet { $0.relayState = nil }.relayStateProblem(allowedConsoleHosts: hosts, comparedTo: stored) == nil)
        let moved = permissionSet { $0.relayState = "https://wiki.example.com/" }
        #expect(moved.relayStateProblem(allowedConsoleHosts: hosts, comparedTo: stored)?.field == "relay_state")
        // Not an https URL at all is validate()'s to say, once.
        #expect(permissionSet { $0.relayState = "javascript:alert(1)" }.relayStateProblem(allowedConsoleHosts: hosts) == nil)
        // Another allow-list changes the verdict.
        #expect(moved.relayStateProblem(allowedConsoleHosts: ["wiki.example.com"]) == nil)
    }

    @Test(arguments: [
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", true), ("arn:aws:iam::aws:policy/service-role/AWSConfigRole", true),
        ("arn:aws:iam::123456789012:policy/team/DeployPolicy", true), ("arn:aws:iam::12345678901:policy/X", false),
        ("arn:aws:iam::aws:role/Admin", false), ("arn:aws:iam::aws:policy/", false), ("arn:aws:s3:::bucket", false),
        ("ReadOnlyAccess", false), ("arn:aws:iam::aws:policy/Read Only", false),
        ("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true), ("arn:aws-cn:iam::123456789012:policy/Deploy", true),
        ("arn:aws-iso:iam::aws:policy/ReadOnlyAccess", false), ("arn:aws-cn:iam::aws:role/Admin", false),
    ])
    func checksManagedPolicyARNs(arn: String, valid: Bool) {
        #expect(PermissionSet.isManagedPolicyARN(arn) == valid)
    }

    @Test func namesTheOffendingPolicyByIndex() {
        let errors = permissionSet {
            $0.managedPolicyARNs = ["arn:aws:iam::aws:policy/A", "bogus", "arn:aws:iam::aws:policy/A"]
        }.validate()
        #expect(
            errors == [
                FieldError("managed_policies[1]", "must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"),
                FieldError("managed_policies[2]", "is listed twice"),
            ])
    }

    @Test(
        arguments: [
            ("{}", nil), (#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#, nil),
            ("[]", "must be a JSON object, not an array"), (#""text""#, "must be a JSON object, not a string"),
            ("12", "must be a JSON object, not a number"), ("null", "must be a JSON object, not null"),
            ("{", "must be a JSON object; it is not valid JSON at line 1, column 2: expected a quoted key but found the end of the text"),
            ("not json", "must be a JSON object; it is not valid JSON at line 1, column 1: expected a value but found 'not'"),
            ("", "must be a JSON object; it is not valid JSON at line 1, column 1: expected a value but found the end of the text"),
            (
                "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}",
                "must be a JSON object; it is not valid JSON at line 3, column 3: expected , or } but found '\"'"
            ),
            ("{\"n\": 1e999}", "must be a JSON object; it is not valid JSON at line 1, column 7: number 1e999 is out of range"),
            (
                #"{"Statement": [], "Statement": [{"Effect": "Allow"}]}"#,
                #"must be a JSON object; it is not valid JSON at line 1, column 19: duplicate key "Statement""#
            ),
            (#"{"a":""# + String(repeating: "x", count: 32_762) + #""}"#, "must be at most 32768 characters"),
        ] as [(String, String?)])
    func checksInlinePolicy(policy: String, reason: String?) {
        #expect(permissionSet { $0.inlinePolicy = policy }.validate() == (reason.map { [FieldError("inline_policy", $0)] } ?? []))
    }

    @Test func acceptsAnInlinePolicyOfExactlyTheLimit() {
        let policy = #"{"a":""# + String(repeating: "x", count: 32_760) + #""}"#
        #expect(policy.count == 32_768)
        #expect(permissionSet { $0.inlinePolicy = policy }.validate() == [])
    }

    @Test func checksDescriptionAndTags() {
        let errors = permissionSet {
            $0.description = String(repeating: "d", count: 701)
            $0.tags = ["": "x"]
        }.validate()
        #expect(
            errors == [
                FieldError("description", "must be at most 700 characters"),
                FieldError("tags.", "key must be 1 to 128 letters, digits, spaces or _.:/=+-@"),
            ])
        let tooMany = Dictionary(uniqueKeysWithValues: (0..<51).map { ("k\($0)", "v") })
        #expect(permissionSet { $0.tags = tooMany }.validate() == [FieldError("tags", "must have at most 50 tags")])
    }
}
