import AWS
import Foundation
import Testing

/// The one-time setup of the role Portico assumes in each account it keeps in sync.
struct ProvisioningBootstrapTests {
    static let bootstrap = ProvisioningBootstrap(roleName: "PorticoProvisioning", samlProviderName: "Portico", partition: "aws")

    /// Every IAM action the reconciler calls in a member account.
    static let reconcilerActions: Set<String> = [
        "iam:ListSAMLProviders", "iam:GetSAMLProvider", "iam:CreateSAMLProvider", "iam:UpdateSAMLProvider", "iam:TagSAMLProvider",
        "iam:ListRoles", "iam:GetRole", "iam:CreateRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy", "iam:ListRoleTags", "iam:ListAttachedRolePolicies", "iam:AttachRolePolicy",
        "iam:DetachRolePolicy", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
        "iam:DeleteRole",
    ]

    private func template(_ bootstrap: ProvisioningBootstrap = bootstrap) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bootstrap.cloudFormationTemplate().utf8)) as? [String: Any])
    }

    private func role(_ bootstrap: ProvisioningBootstrap = bootstrap) throws -> [String: Any] {
        let resources = try #require(try template(bootstrap)["Resources"] as? [String: [String: Any]])
        #expect(Set(resources.keys) == ["ProvisioningRole"])
        #expect(resources["ProvisioningRole"]?["Type"] as? String == "AWS::IAM::Role")
        return try #require(resources["ProvisioningRole"]?["Properties"] as? [String: Any])
    }

    private func statements(_ bootstrap: ProvisioningBootstrap = bootstrap) throws -> [String: [String: Any]] {
        let policies = try #require(try role(bootstrap)["Policies"] as? [[String: Any]])
        #expect(policies.count == 1)
        #expect(policies.first?["PolicyName"] as? String == "portico-provisioning")
        let document = try #require(policies.first?["PolicyDocument"] as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: statements.map { ($0["Sid"] as? String ?? "", $0) })
    }

    private static func sub(_ text: String) -> [String: String] { ["Fn::Sub": text] }

    @Test func templateIsForAServiceManagedStackSetWithThePrincipalAsAValidatedParameter() throws {
        let template = try template()
        #expect(template["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let description = try #require(template["Description"] as? String)
        #expect(description.contains("StackSet with service-managed permissions"))
        #expect(description.utf8.count <= 1_024)
        let parameters = try #require(template["Parameters"] as? [String: [String: Any]])
        #expect(Set(parameters.keys) == ["PorticoPrincipalArn"])
        let pattern = try #require(parameters["PorticoPrincipalArn"]?["AllowedPattern"] as? String)
        let regex = try Regex(pattern)
        #expect("arn:aws:iam::123456789012:role/portico".wholeMatch(of: regex) != nil)
        #expect("arn:aws:iam::123456789012:user/ops/portico".wholeMatch(of: regex) != nil)
        #expect("arn:aws:iam::123456789012:root".wholeMatch(of: regex) == nil)
        #expect("arn:aws:iam::123456789012:role/x\"}".wholeMatch(of: regex) == nil)
        #expect("arn:aws-cn:iam::123456789012:role/portico".wholeMatch(of: regex) == nil)
        #expect("*".wholeMatch(of: regex) == nil)
    }

    @Test func roleTrustsOnlyThePrincipalForAnHourAndIsNotTaggedAsManaged() throws {
        let role = try role()
        #expect(role["RoleName"] as? String == "PorticoProvisioning")
        #expect(role["MaxSessionDuration"] as? Int == 3_600)
        let tags = try #require(role["Tags"] as? [[String: String]])
        #expect(tags == [["Key": "portico:bootstrap", "Value": "true"]])
        #expect(!tags.contains { $0["Key"] == "portico:managed" })
        let trust = try #require(role["AssumeRolePolicyDocument"] as? [String: Any])
        let statements = try #require(trust["Statement"] as? [[String: Any]])
        #expect(statements.count == 1)
        #expect(statements.first?["Effect"] as? String == "Allow")
        #expect(statements.first?["Action"] as? String == "sts:AssumeRole")
        #expect(statements.first?["Principal"] as? [String: [String: String]] == ["AWS": ["Ref": "PorticoPrincipalArn"]])
    }

    @Test func everyActionTheReconcilerCallsIsAllowedAndNothingElse() throws {
        let allowed = try statements().values.filter { $0["Effect"] as? String == "Allow" }
        let actions = allowed.flatMap { $0["Action"] as? [String] ?? [] }
        #expect(Set(actions) == Self.reconcilerActions)
        #expect(!actions.contains { $0.contains("*") })
        #expect(!actions.contains("iam:PassRole"))
        #expect(allowed.allSatisfy { $0["NotAction"] == nil && $0["NotResource"] == nil })
        // Only listing, which takes no resource, is on `*`.
        for statement in allowed where statement["Resource"] as? String == "*" {
            #expect(statement["Action"] as? [String] == ["iam:ListRoles", "iam:ListSAMLProviders"])
        }
    }

    @Test func changesAreLimitedToRolesTaggedAsManagedAndCreationRequiresTheTag() throws {
        let statements = try statements()
        let roles = Self.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*")

        let read = try #require(statements["ReadRoles"])
        #expect(read["Resource"] as? [String: String] == roles)
        #expect(read["Condition"] == nil)

        let change = try #require(statements["ChangeManagedRoles"])
        #expect(change["Resource"] as? [String: String] == roles)
        #expect(
            Set(change["Action"] as? [String] ?? []) == [
                "iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy",
                "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
            ])
        #expect(change["Condition"] as? [String: [String: String]] == ["StringEquals": ["aws:ResourceTag/portico:managed": "true"]])

        // CreateRole with the tag among others (a permission set's own tags), and the TagRole IAM checks for it.
        let create = try #require(statements["CreateManagedRoles"])
        #expect(create["Action"] as? [String] == ["iam:CreateRole"])
        #expect(
            create["Condition"] as? [String: [String: String]] == [
                "StringEquals": ["aws:RequestTag/portico:managed": "true"],
                "ForAnyValue:StringEquals": ["aws:TagKeys": "portico:managed"],
            ])
        let tagOnCreate = try #require(statements["TagRolesAsManaged"])
        #expect(tagOnCreate["Action"] as? [String] == ["iam:TagRole"])
        #expect(tagOnCreate["Condition"] as? [String: [String: String]] == ["StringEquals": ["aws:RequestTag/portico:managed": "true"]])
    }

    @Test func onlyTheNamedSAMLProviderAndNeverItself() throws {
        let statements = try statements(ProvisioningBootstrap(roleName: "Sync", samlProviderName: "Corp-IdP", partition: "aws"))
        let provider = try #require(statements["SAMLProvider"])
        #expect(
            provider["Resource"] as? [String: String] == Self.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:saml-provider/Corp-IdP"))
        #expect(provider["Condition"] == nil)

        let itself = try #require(statements["NotItself"])
        #expect(itself["Effect"] as? String == "Deny")
        #expect(itself["Resource"] as? [String: String] == Self.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Sync"))
        #expect(Set(itself["Action"] as? [String] ?? []) == Set(statements["ChangeManagedRoles"]?["Action"] as? [String] ?? []))
    }

    @Test func thePartitionNamesThePrincipalPatternAndTheScriptsARNs() throws {
        let govCloud = ProvisioningBootstrap(roleName: "PorticoProvisioning", samlProviderName: "Portico", partition: "aws-us-gov")
        let parameters = try #require(try template(govCloud)["Parameters"] as? [String: [String: Any]])
        let regex = try Regex(try #require(parameters["PorticoPrincipalArn"]?["AllowedPattern"] as? String))
        #expect("arn:aws-us-gov:iam::123456789012:role/portico".wholeMatch(of: regex) != nil)
        #expect("arn:aws:iam::123456789012:role/portico".wholeMatch(of: regex) == nil)

        let script = govCloud.cliCommands()
        #expect(script.contains("arn:aws-us-gov:iam::'\"$account\"':role/*"))
        #expect(script.contains("arn:aws-us-gov:iam::'\"$account\"':saml-provider/Portico"))
        #expect(!script.contains("arn:aws:"))
    }

    @Test func partitionFollowsTheSignInHost() {
        #expect(ProvisioningBootstrap.partition(forSignInHost: "signin.aws.amazon.com") == "aws")
        #expect(ProvisioningBootstrap.partition(forSignInHost: "us-east-1.signin.aws.amazon.com") == "aws")
        #expect(ProvisioningBootstrap.partition(forSignInHost: "signin.amazonaws-us-gov.com") == "aws-us-gov")
        #expect(ProvisioningBootstrap.partition(forSignInHost: "us-gov-west-1.signin.amazonaws-us-gov.com") == "aws-us-gov")
        #expect(ProvisioningBootstrap.partition(forSignInHost: "signin.amazonaws.cn") == "aws-cn")
        #expect(ProvisioningBootstrap.partition(forSignInHost: "notsignin.amazonaws.cn") == "aws")
    }

    @Test func scriptCreatesOrUpdatesTheRoleAndPutsThePolicy() {
        let script = Self.bootstrap.cliCommands()
        #expect(script.hasPrefix("#!/bin/sh\n"))
        #expect(script.contains("set -eu"))
        #expect(script.contains("principal=$1"))
        #expect(script.contains("if aws iam get-role --role-name 'PorticoProvisioning' >/dev/null 2>&1; then"))
        #expect(script.contains("aws iam update-assume-role-policy --role-name 'PorticoProvisioning' --policy-document \"$trust\""))
        #expect(
            script.contains(
                "aws iam create-role --role-name 'PorticoProvisioning' --max-session-duration 3600"))
        #expect(script.contains("--tags 'Key=portico:bootstrap,Value=true'"))
        #expect(!script.contains("Key=portico:managed"))
        #expect(
            script.contains(
                "aws iam put-role-policy --role-name 'PorticoProvisioning' --policy-name 'portico-provisioning' --policy-document '"))
        #expect(
            script.contains(#"trust='{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"'"$principal"'"}}]"#))
    }

    @Test func scriptQuotesEveryNameItWasGiven() {
        let script = ProvisioningBootstrap(roleName: "it's", samlProviderName: "a'b $(x)", partition: "aws").cliCommands()
        #expect(script.contains("--role-name 'it'\\''s'"))
        #expect(script.contains("saml-provider/a'\\''b $(x)"))
        #expect(!script.contains("--role-name it's"))
    }

    /// The script, run by a real shell with a stub `aws` that prints its arguments one per line: the
    /// principal and the account reach the policies as JSON, and a principal that could break out is refused.
    @Test func scriptRunsInAShellWithTheInputsInPlace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = directory.appendingPathComponent("aws")
        try """
        #!/bin/sh
        case "$1 $2" in
          "sts get-caller-identity") echo 111122223333 ;;
          "iam get-role") exit 254 ;;
          *) for argument in "$@"; do printf '%s\\n' "$argument"; done ;;
        esac
        """.write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        let script = directory.appendingPathComponent("bootstrap.sh")
        try Self.bootstrap.cliCommands().write(to: script, atomically: true, encoding: .utf8)

        func run(_ principal: String) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [script.path, principal]
            process.environment = ["PATH": directory.path + ":/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = Pipe()
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        let ran = try run("arn:aws:iam::999988887777:role/portico")
        #expect(ran.status == 0)
        let lines = ran.output.split(separator: "\n").map(String.init)
        let trust = try #require(lines.first { $0.hasPrefix(#"{"Statement":[{"Action":"sts:AssumeRole""#) })
        let trustJSON = try #require(try JSONSerialization.jsonObject(with: Data(trust.utf8)) as? [String: Any])
        let principal = (trustJSON["Statement"] as? [[String: Any]])?.first?["Principal"] as? [String: String]
        #expect(principal == ["AWS": "arn:aws:iam::999988887777:role/portico"])
        let policy = try #require(lines.first { $0.contains("ChangeManagedRoles") })
        #expect(policy.contains("arn:aws:iam::111122223333:role/*"))
        #expect(try JSONSerialization.jsonObject(with: Data(policy.utf8)) is [String: Any])
        #expect(lines.last == "arn:aws:iam::111122223333:role/PorticoProvisioning")

        #expect(try run(#"arn:aws:iam::999988887777:role/x"}],"Effect":"Allow"#).status == 2)
        #expect(try run("arn:aws:iam::999988887777:root").status == 2)
        #expect(try run("arn:aws-cn:iam::999988887777:role/portico").status == 2)
    }
}
