import App
import Domain
import Foundation
import Storage
import Testing

/// The per-account AWS setup downloads: the CloudFormation template and the AWS CLI script.
struct AccountSetupPagesTests {
    @Test func templateHasTheMetadataAndOneRolePerPermissionSetAssignedInTheAccount() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            try app.database.write { try SettingsStore($0).setRoleNamePattern("Portico-{permission_set}", now: 1) }
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/accounts/111111111111")
            #expect(page.text.contains("/admin/accounts/111111111111/aws-setup.json"))

            let download = try root.get("/admin/accounts/111111111111/aws-setup.json")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/json")
            #expect(download.header("Content-Disposition") == "attachment; filename=\"portico-111111111111.template.json\"")
            let template = try #require(try JSONSerialization.jsonObject(with: Data(download.text.utf8)) as? [String: Any])
            let resources = try #require(template["Resources"] as? [String: [String: Any]])
            let roles = resources.values.filter { $0["Type"] as? String == "AWS::IAM::Role" }
            let properties = roles.compactMap { $0["Properties"] as? [String: Any] }
            #expect(properties.compactMap { $0["RoleName"] as? String } == ["Portico-ReadOnlyAccess"])
            #expect(properties.first?["MaxSessionDuration"] as? Int == 7_200)

            let provider = try #require(resources["SAMLProvider"]?["Properties"] as? [String: Any])
            #expect(provider["Name"] as? String == "Portico")
            #expect(provider["SamlMetadataDocument"] as? String == (try root.get("/saml/metadata").text))

            let other = try root.get("/admin/accounts/222222222222/aws-setup.sh")
            #expect(other.status == 200)
            #expect(other.text.contains("--role-name 'Portico-AdministratorAccess'"))
            #expect(!other.text.contains("ReadOnlyAccess"))
        }
    }

    @Test func onlyAdminsDownloadAndUnknownAccountsAre404() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let owner = try DirectoryPages.carol(app)
            #expect(try owner.get("/admin/accounts/111111111111/aws-setup.json").status == 403)
            #expect(try owner.get("/admin/accounts/111111111111/aws-setup.sh").status == 403)
            #expect(try owner.get("/admin/accounts/111111111111").text.contains("aws-setup.json") == false)
            #expect(try DirectoryPages.root(app).get("/admin/accounts/999999999999/aws-setup.json").status == 404)
        }
    }

    /// app-prod reached through app-dev's role PorticoJump: its template creates roles trusting that role, and
    /// app-dev's adds the role with the switch into them, beside its own.
    @Test func aJumpAccountsAndAMemberAccountsTemplatesDescribeTheSwitch() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            try app.database.write { db in
                var prod = try #require(try AccountStore(db).find(id: "111111111111"))
                prod.reachedThrough = JumpRoute(accountID: "222222222222", roleName: "PorticoJump")
                try AccountStore(db).update(prod)
            }
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/accounts/111111111111").text.contains("trusting only the jump"))

            let member = try #require(
                try JSONSerialization.jsonObject(with: Data(try root.get("/admin/accounts/111111111111/aws-setup.json").text.utf8))
                    as? [String: Any])
            let memberResources = try #require(member["Resources"] as? [String: [String: Any]])
            #expect(memberResources["SAMLProvider"] == nil)
            let role = try #require(memberResources.values.first?["Properties"] as? [String: Any])
            #expect(role["RoleName"] as? String == "ReadOnlyAccess")
            let trust = try #require(role["AssumeRolePolicyDocument"] as? [String: Any])
            let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
            #expect(statement["Principal"] as? [String: String] == ["AWS": "arn:aws:iam::222222222222:role/PorticoJump"])
            #expect(
                statement["Condition"] as? [String: [String: String]] == [
                    "StringEquals": ["aws:PrincipalTag/PorticoSwitchRole": "111111111111/ReadOnlyAccess"]
                ])

            let jump = try root.get("/admin/accounts/222222222222/aws-setup.sh").text
            #expect(jump.contains("aws iam create-saml-provider"))
            #expect(jump.contains("--role-name 'AdministratorAccess'"))
            #expect(jump.contains("--role-name 'PorticoJump' --max-session-duration 7200"))
            #expect(jump.contains(#""Resource":["arn:aws:iam::111111111111:role/ReadOnlyAccess"]"#))
        }
    }
}
