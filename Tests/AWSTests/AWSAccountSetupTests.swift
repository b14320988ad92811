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
    /// so the test sees exactly the words the shell passed: the quoting is what is under test. The stand-in
    /// finds nothing (`get-*` exit 254, as the CLI does for NoSuchEntity) until the file `exists` is there.
    private func runScript(existing: Bool) throws -> (status: Int32, calls: [[String]], metadata: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakeAWS = directory.appendingPathComponent("aws")
        try """
        #!/bin/sh
        for word in "$@"; do printf '%s\\n' "$word"; done >> calls.txt
        echo --- >> calls.txt
        case "$2" in
          get-saml-provider|get-role) [ -f exists ] || exit 254 ;;
          list-attached-role-policies) [ -f exists ] && printf 'arn:aws:iam::aws:policy/Stale\\tarn:aws:iam::aws:policy/ReadOnlyAccess\\n' ;;
          list-role-policies) [ -f exists ] && printf 'Admin.Team-inline\\thand-made\\n' ;;
        esac
        exit 0
        """.write(to: fakeAWS, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeAWS.path)
        if existing { try "".write(to: directory.appendingPathComponent("exists"), atomically: true, encoding: .utf8) }
        let script = directory.appendingPathComponent("setup.sh")
        try Self.setup.cliCommands().write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script.path]
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "\(directory.path):/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        let calls = try String(contentsOf: directory.appendingPathComponent("calls.txt"), encoding: .utf8)
            .components(separatedBy: "---\n").filter { !$0.isEmpty }.map {
                $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            }
        let metadata = try String(contentsOf: directory.appendingPathComponent("portico-metadata.xml"), encoding: .utf8)
        return (process.terminationStatus, calls, metadata)
    }

    private func value(after flag: String, in call: [String]) -> String? {
        call.firstIndex(of: flag).map { call[$0 + 1] }
    }

    @Test func cliScriptCreatesWhatIsMissingPassingEveryValueAsOneWord() throws {
        let (status, calls, metadata) = try runScript(existing: false)
        #expect(status == 0)
        #expect(metadata == Self.metadata)
        #expect(
            calls.map { $0.prefix(2).joined(separator: " ") } == [
                "iam get-saml-provider", "iam create-saml-provider",
                "iam get-role", "iam create-role", "iam list-attached-role-policies", "iam list-role-policies",
                "iam attach-role-policy", "iam put-role-policy",
                "iam get-role", "iam create-role", "iam list-attached-role-policies", "iam list-role-policies",
                "iam attach-role-policy",
            ])
        #expect(calls[0] == ["iam", "get-saml-provider", "--saml-provider-arn", "arn:aws:iam::111122223333:saml-provider/Portico"])
        #expect(
            calls[1] == ["iam", "create-saml-provider", "--name", "Portico", "--saml-metadata-document", "file://portico-metadata.xml"])
        let createRole = calls[3]
        #expect(value(after: "--role-name", in: createRole) == "Admin.Team")
        #expect(value(after: "--description", in: createRole) == "Full 'access'")
        #expect(value(after: "--max-session-duration", in: createRole) == "3600")
        let trustText = try #require(value(after: "--assume-role-policy-document", in: createRole))
        let trust = try #require(JSONSerialization.jsonObject(with: Data(trustText.utf8)) as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect((statement["Principal"] as? [String: String])?["Federated"] == "arn:aws:iam::111122223333:saml-provider/Portico")
        #expect(value(after: "--policy-document", in: calls[7])?.contains("\"Sid\":\"it's\"") == true)
    }

    /// Run again, nothing is created: the provider's metadata and each role's settings are replaced, and
    /// policies the set no longer names are removed, the set's own kept.
    @Test func cliScriptRunAgainUpdatesWhatExistsAndRemovesWhatTheSetNoLongerHas() throws {
        let (status, calls, _) = try runScript(existing: true)
        #expect(status == 0)
        let verbs = calls.map { $0[1] }
        #expect(!verbs.contains { $0.hasPrefix("create-") })
        #expect(
            calls[1] == [
                "iam", "update-saml-provider", "--saml-provider-arn", "arn:aws:iam::111122223333:saml-provider/Portico",
                "--saml-metadata-document", "file://portico-metadata.xml",
            ])
        let admin = calls.filter { value(after: "--role-name", in: $0) == "Admin.Team" }
        #expect(
            admin.map { $0[1] } == [
                "get-role", "update-assume-role-policy", "update-role", "list-attached-role-policies", "detach-role-policy",
                "detach-role-policy", "list-role-policies", "delete-role-policy", "attach-role-policy", "put-role-policy",
            ])
        #expect(
            admin.compactMap { $0[1] == "detach-role-policy" ? value(after: "--policy-arn", in: $0) : nil } == [
                "arn:aws:iam::aws:policy/Stale", "arn:aws:iam::aws:policy/ReadOnlyAccess",
            ])
        #expect(admin.compactMap { $0[1] == "delete-role-policy" ? value(after: "--policy-name", in: $0) : nil } == ["hand-made"])
        let update = try #require(admin.first { $0[1] == "update-role" })
        #expect(value(after: "--max-session-duration", in: update) == "3600")
        #expect(value(after: "--description", in: update) == "Full 'access'")
        #expect(value(after: "--policy-document", in: admin[1])?.contains("saml-provider/Portico") == true)
        let reader = calls.filter { value(after: "--role-name", in: $0) == "ReadOnlyAccess" }
        #expect(
            reader.compactMap { $0[1] == "detach-role-policy" ? value(after: "--policy-arn", in: $0) : nil } == [
                "arn:aws:iam::aws:policy/Stale"
            ])
        #expect(
            reader.compactMap { $0[1] == "delete-role-policy" ? value(after: "--policy-name", in: $0) : nil } == [
                "Admin.Team-inline", "hand-made",
            ])
    }
}
