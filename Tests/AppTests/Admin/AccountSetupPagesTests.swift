import App
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
}
