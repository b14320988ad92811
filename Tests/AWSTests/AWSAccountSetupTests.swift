import AWS
import Domain
import Foundation
import Testing

/// The CloudFormation template and AWS CLI script that make an AWS account trust Portico.
struct AWSAccountSetupTests {
    static let metadata =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<md:EntityDescriptor entityID=\"https://portico.example/saml/metadata\"/>\n"

    static let setup = AWSAccountSetup(
        accountID: "111122223333", accountName: "app-prod", samlProviderName: "Portico", metadataXML: metadata,
        signInURL: "https://signin.aws.amazon.com/saml",
        roles: [
            .init(
                name: "ReadOnlyAccess",
                permissionSet: PermissionSet(
                    name: "ReadOnlyAccess", description: "閲覧のみ", sessionDuration: ISODuration(seconds: 28_800),
                    managedPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"])),
            .init(
                name: "Admin.Team",
                permissionSet: PermissionSet(
                    name: "Admin.Team", description: "Full 'access'", sessionDuration: ISODuration(seconds: 3_600),
                    managedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                    inlinePolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*","Sid":"it's"}]}"#,
                    tags: ["team": "platform"])),
        ])

    private func template() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(Self.setup.cloudFormationTemplate().utf8)) as? [String: Any])
    }

    @Test func templateCreatesTheProviderFromTheMetadataAndOneRolePerPermissionSet() throws {
        let template = try template()
        #expect(template["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let resources = try #require(template["Resources"] as? [String: [String: Any]])
        #expect(Set(resources.keys) == ["SAMLProvider", "Role1AdminTeam", "Role2ReadOnlyAccess"])
        let provider = try #require(resources["SAMLProvider"])
        #expect(provider["Type"] as? String == "AWS::IAM::SAMLProvider")
        let providerProperties = try #require(provider["Properties"] as? [String: Any])
        #expect(providerProperties["Name"] as? String == "Portico")
        #expect(providerProperties["SamlMetadataDocument"] as? String == Self.metadata)
        let outputs = try #require(template["Outputs"] as? [String: Any])
        #expect(Set(outputs.keys) == ["SAMLProviderArn", "Role1AdminTeamArn", "Role2ReadOnlyAccessArn"])
    }

    @Test func eachRoleTrustsOnlyTheProviderForSAMLAndTagsWithTheAudience() throws {
        let resources = try #require(try template()["Resources"] as? [String: [String: Any]])
        let role = try #require(resources["Role2ReadOnlyAccess"])
        #expect(role["Type"] as? String == "AWS::IAM::Role")
        let properties = try #require(role["Properties"] as? [String: Any])
        #expect(properties["RoleName"] as? String == "ReadOnlyAccess")
        #expect(properties["MaxSessionDuration"] as? Int == 28_800)
        #expect(properties["ManagedPolicyArns"] as? [String] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        #expect(properties["Description"] as? String == "????")
        #expect(properties["Policies"] == nil)
        let trust = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Effect"] as? String == "Allow")
        #expect(statement["Action"] as? [String] == ["sts:AssumeRoleWithSAML", "sts:TagSession"])
        let principal = try #require(statement["Principal"] as? [String: [String: String]])
        #expect(principal["Federated"] == ["Ref": "SAMLProvider"])
        let condition = try #require(statement["Condition"] as? [String: [String: String]])
        #expect(condition["StringEquals"] == ["SAML:aud": "https://signin.aws.amazon.com/saml"])
    }

    @Test func inlinePolicyAndTagsGoOnTheRole() throws {
        let resources = try #require(try template()["Resources"] as? [String: [String: Any]])
        let properties = try #require(resources["Role1AdminTeam"]?["Properties"] as? [String: Any])
        #expect(properties["MaxSessionDuration"] as? Int == 3_600)
        let policy = try #require((properties["Policies"] as? [[String: Any]])?.first)
        #expect(policy["PolicyName"] as? String == "Admin.Team-inline")
        let document = try #require(policy["PolicyDocument"] as? [String: Any])
        #expect(document["Version"] as? String == "2012-10-17")
        #expect(properties["Tags"] as? [[String: String]] == [["Key": "team", "Value": "platform"]])
    }

    @Test func logicalIDsStayUniqueWhenNamesDifferOnlyInPunctuation() throws {
        let roles = ["a.b", "a-b", "a_b"].map { AWSAccountSetup.Role(name: $0, permissionSet: PermissionSet(name: $0)) }
        let setup = AWSAccountSetup(
            accountID: "111122223333", accountName: "x", samlProviderName: "Portico", metadataXML: "<x/>",
            signInURL: "https://signin.aws.amazon.com/saml", roles: roles)
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(setup.cloudFormationTemplate().utf8)) as? [String: Any])
        let resources = try #require(parsed["Resources"] as? [String: Any])
        #expect(resources.count == 4)
    }

    /// Runs the script with a stand-in `aws` on the PATH that records each call's arguments, one per line,
    /// so the test sees exactly the words the shell passed: the quoting is what is under test.
    @Test func cliScriptPassesEveryValueAsOneWordAndWritesTheMetadata() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakeAWS = directory.appendingPathComponent("aws")
        try "#!/bin/sh\nfor word in \"$@\"; do printf '%s\\n' \"$word\"; done >> calls.txt\necho --- >> calls.txt\n"
            .write(to: fakeAWS, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeAWS.path)
        let script = directory.appendingPathComponent("setup.sh")
        try Self.setup.cliCommands().write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script.path]
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "\(directory.path):/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let calls = try String(contentsOf: directory.appendingPathComponent("calls.txt"), encoding: .utf8)
            .components(separatedBy: "---\n").filter { !$0.isEmpty }.map {
                $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            }
        #expect(
            calls.first == ["iam", "create-saml-provider", "--name", "Portico", "--saml-metadata-document", "file://portico-metadata.xml"])
        #expect(try String(contentsOf: directory.appendingPathComponent("portico-metadata.xml"), encoding: .utf8) == Self.metadata)
        #expect(
            calls.map { $0.prefix(2).joined(separator: " ") } == [
                "iam create-saml-provider", "iam create-role", "iam attach-role-policy", "iam put-role-policy", "iam create-role",
                "iam attach-role-policy",
            ])
        let createRole = calls[1]
        #expect(createRole[createRole.firstIndex(of: "--description")! + 1] == "Full 'access'")
        #expect(createRole[createRole.firstIndex(of: "--max-session-duration")! + 1] == "3600")
        let trustText = createRole[createRole.firstIndex(of: "--assume-role-policy-document")! + 1]
        let trust = try #require(JSONSerialization.jsonObject(with: Data(trustText.utf8)) as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect((statement["Principal"] as? [String: String])?["Federated"] == "arn:aws:iam::111122223333:saml-provider/Portico")
        let putPolicy = calls[3]
        let policyText = putPolicy[putPolicy.firstIndex(of: "--policy-document")! + 1]
        #expect(policyText.contains("\"Sid\":\"it's\""))
    }
}
