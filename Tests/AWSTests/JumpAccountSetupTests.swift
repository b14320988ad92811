import AWS
import Domain
import Foundation
import Testing

/// What a jump-account setup needs in IAM: the member account's roles trust the jump account's role (for the
/// one switch Portico tagged the jump session for), and the jump account's roles may switch into exactly
/// the roles they lead to.
struct JumpAccountSetupTests {
    static let readOnly = PermissionSet(
        name: "ReadOnly", sessionDuration: ISODuration(seconds: 7_200), managedPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    static let admin = PermissionSet(
        name: "Admin", sessionDuration: ISODuration(seconds: 14_400), managedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        inlinePolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#)
    static let jump = Account(id: "100000000000", name: "jump", email: "aws+jump@example.com")
    /// Reached through the jump account's role PorticoJump.
    static let prod = Account(
        id: "200000000001", name: "shop-prod", email: "aws+prod@example.com",
        reachedThrough: JumpRoute(accountID: "100000000000", roleName: "PorticoJump"))
    /// Reached through the jump account's role named after each permission set.
    static let dev = Account(
        id: "200000000002", name: "shop-dev", email: "aws+dev@example.com", reachedThrough: JumpRoute(accountID: "100000000000"))

    private func setup(_ account: Account, _ roles: [AWSAccountSetup.Role]) -> AWSAccountSetup {
        AWSAccountSetup(
            accountID: account.id, accountName: account.name, samlProviderName: "Portico", metadataXML: "<md:EntityDescriptor/>",
            signInURL: "https://signin.aws.amazon.com/saml", roles: roles)
    }

    private func resources(_ setup: AWSAccountSetup) throws -> [String: [String: Any]] {
        let template = try #require(try JSONSerialization.jsonObject(with: Data(setup.cloudFormationTemplate().utf8)) as? [String: Any])
        return try #require(template["Resources"] as? [String: [String: Any]])
    }

    private func roleProperties(_ resources: [String: [String: Any]]) -> [String: [String: Any]] {
        Dictionary(
            uniqueKeysWithValues: resources.values.compactMap { $0["Properties"] as? [String: Any] }.compactMap { properties in
                (properties["RoleName"] as? String).map { ($0, properties) }
            })
    }

    @Test func aMemberAccountsRolesTrustTheJumpRoleForTheirOwnSwitchOnly() throws {
        let pattern = try #require(RoleNamePattern("Portico-{permission_set}"))
        let prodRoles = AWSAccountSetup.roles(for: Self.prod, assigned: [Self.readOnly, Self.admin], reached: [], roleNamePattern: pattern)
        let prodResources = try resources(setup(Self.prod, prodRoles))
        #expect(prodResources["SAMLProvider"] == nil, "nobody signs in to a member account")
        let roles = roleProperties(prodResources)
        #expect(Set(roles.keys) == ["Portico-ReadOnly", "Portico-Admin"])
        let readOnly = try #require(roles["Portico-ReadOnly"])
        #expect(readOnly["ManagedPolicyArns"] as? [String] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        #expect(readOnly["MaxSessionDuration"] as? Int == 7_200)
        let trust = try #require(readOnly["AssumeRolePolicyDocument"] as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Action"] as? String == "sts:AssumeRole")
        #expect(statement["Principal"] as? [String: String] == ["AWS": "arn:aws:iam::100000000000:role/PorticoJump"])
        #expect(
            statement["Condition"] as? [String: [String: String]] == [
                "StringEquals": ["aws:PrincipalTag/PorticoSwitchRole": "200000000001/Portico-ReadOnly"]
            ])
        #expect((roles["Portico-Admin"]?["Policies"] as? [[String: Any]])?.map { $0["PolicyName"] as? String } == ["Admin-inline"])

        // Without a named role, each role trusts the jump account's role of the same name.
        let devRoles = AWSAccountSetup.roles(for: Self.dev, assigned: [Self.readOnly], reached: [], roleNamePattern: .default)
        let devTrust = try #require(
            roleProperties(try resources(setup(Self.dev, devRoles)))["ReadOnly"]?["AssumeRolePolicyDocument"] as? [String: Any])
        let devStatement = try #require((devTrust["Statement"] as? [[String: Any]])?.first)
        #expect(devStatement["Principal"] as? [String: String] == ["AWS": "arn:aws:iam::100000000000:role/ReadOnly"])

        let template = setup(Self.prod, prodRoles).cloudFormationTemplate()
        #expect(template.contains("reached by switching role from account 100000000000"))
        #expect(template.contains("Deploy the jump account's template first."))
        #expect(!template.contains("SAMLProviderArn"))
    }

    /// The jump account keeps its own roles, and gets the roles people switch from, each allowed to assume
    /// only the roles it leads to; a role that is both (its own ReadOnly, and the way into shop-dev's) is one role.
    @Test func theJumpAccountsRolesMaySwitchIntoExactlyTheRolesTheyLeadTo() throws {
        let roles = AWSAccountSetup.roles(
            for: Self.jump, assigned: [Self.readOnly],
            reached: [
                (account: Self.prod, assigned: [Self.readOnly, Self.admin]), (account: Self.dev, assigned: [Self.readOnly, Self.admin]),
            ],
            roleNamePattern: .default)
        #expect(roles.map(\.name) == ["ReadOnly", "PorticoJump", "Admin"])
        let jumpSetup = setup(Self.jump, roles)
        let jumpResources = try resources(jumpSetup)
        #expect(jumpResources["SAMLProvider"] != nil)
        let properties = roleProperties(jumpResources)

        let jumpRole = try #require(properties["PorticoJump"])
        #expect(jumpRole["ManagedPolicyArns"] == nil, "a role people only pass through grants nothing else")
        #expect(jumpRole["MaxSessionDuration"] as? Int == 14_400, "the longest session signed in to it")
        #expect(try switchResources(jumpRole) == ["arn:aws:iam::200000000001:role/Admin", "arn:aws:iam::200000000001:role/ReadOnly"])
        let trust = try #require(jumpRole["AssumeRolePolicyDocument"] as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Action"] as? [String] == ["sts:AssumeRoleWithSAML", "sts:TagSession"])
        #expect((jumpRole["Description"] as? String)?.contains("switch role into 2 roles") == true)

        let readOnly = try #require(properties["ReadOnly"])
        #expect(readOnly["ManagedPolicyArns"] as? [String] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        #expect(try switchResources(readOnly) == ["arn:aws:iam::200000000002:role/ReadOnly"])
        let admin = try #require(properties["Admin"])
        #expect(admin["ManagedPolicyArns"] == nil, "Admin is not assigned in the jump account itself")
        #expect(try switchResources(admin) == ["arn:aws:iam::200000000002:role/Admin"])
        #expect(admin["MaxSessionDuration"] as? Int == 14_400)
        #expect(jumpSetup.cloudFormationTemplate().contains("including the roles people switch from into other accounts"))
    }

    /// IAM role names ignore case: a named jump role spelt like a permission set's role is that role.
    @Test func everyARNNamesTheAccountsPartition() throws {
        let memberRoles = AWSAccountSetup.roles(for: Self.prod, assigned: [Self.readOnly], reached: [], roleNamePattern: .default)
        var member = setup(Self.prod, memberRoles)
        member.partition = "aws-us-gov"
        let memberScript = member.cliCommands()
        #expect(memberScript.contains("arn:aws-us-gov:iam::100000000000:role/"), "the jump role the member's roles trust")
        #expect(!memberScript.contains("arn:aws:iam::1"))

        let jumpRoles = AWSAccountSetup.roles(
            for: Self.jump, assigned: [], reached: [(account: Self.prod, assigned: [Self.readOnly])], roleNamePattern: .default)
        var jump = setup(Self.jump, jumpRoles)
        jump.partition = "aws-cn"
        let script = jump.cliCommands()
        #expect(script.contains("arn:aws-cn:iam::100000000000:saml-provider/"))
        #expect(script.contains("arn:aws-cn:iam::200000000001:role/ReadOnly"))
        #expect(!script.contains("arn:aws:iam::1") && !script.contains("arn:aws:iam::2"))
    }

    @Test func aJumpRoleSpeltLikeAPermissionSetsRoleInAnotherCaseIsOneRole() {
        var member = Self.prod
        member.reachedThrough = JumpRoute(accountID: "100000000000", roleName: "readonly")
        let roles = AWSAccountSetup.roles(
            for: Self.jump, assigned: [Self.readOnly], reached: [(account: member, assigned: [Self.admin])], roleNamePattern: .default)
        #expect(roles.count == 1)
        #expect(roles.first?.name == "ReadOnly" && roles.first?.permissionSet == Self.readOnly)
        #expect(roles.first?.switchTargets == [.init(accountID: "200000000001", roleName: "Admin")])
        #expect(roles.first?.maxSessionDuration == 14_400)
    }

    @Test func theCLIScriptsSayTheSame() throws {
        let member = setup(
            Self.prod, AWSAccountSetup.roles(for: Self.prod, assigned: [Self.readOnly], reached: [], roleNamePattern: .default)
        ).cliCommands()
        #expect(!member.contains("create-saml-provider"))
        #expect(member.contains(#""Principal":{"AWS":"arn:aws:iam::100000000000:role/PorticoJump"}"#))
        #expect(member.contains(#""aws:PrincipalTag/PorticoSwitchRole":"200000000001/ReadOnly""#))

        let jump = setup(
            Self.jump,
            AWSAccountSetup.roles(
                for: Self.jump, assigned: [], reached: [(account: Self.prod, assigned: [Self.readOnly])], roleNamePattern: .default)
        ).cliCommands()
        #expect(jump.contains("aws iam create-saml-provider --name 'Portico'"))
        #expect(jump.contains("aws iam create-role --role-name 'PorticoJump' --max-session-duration 7200"))
        #expect(
            jump.contains(
                #"aws iam put-role-policy --role-name 'PorticoJump' --policy-name 'portico-switch-role' --policy-document '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":["arn:aws:iam::200000000001:role/ReadOnly"]}],"Version":"2012-10-17"}'"#
            ))
    }

    private func switchResources(_ role: [String: Any]) throws -> [String] {
        let policies = try #require(role["Policies"] as? [[String: Any]])
        let policy = try #require(policies.first { $0["PolicyName"] as? String == "portico-switch-role" })
        let document = try #require(policy["PolicyDocument"] as? [String: Any])
        let statement = try #require((document["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Action"] as? String == "sts:AssumeRole")
        return try #require(statement["Resource"] as? [String])
    }
}
