import App
import Domain
import Foundation
import Storage
import Testing

/// The provisioning role's one-time setup as downloads on the admin pages.
struct ProvisioningBootstrapPagesTests {
    @Test func adminsDownloadTheTemplateAndScriptMadeFromTheSettings() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            try app.database.write { db in
                try SettingsStore(db).setSAMLProviderName("CorpPortico", now: 1)
                try SettingsStore(db).setAWSSignInURL("https://signin.amazonaws-us-gov.com/saml", now: 1)
            }
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/accounts/111111111111")
            #expect(page.text.contains("/admin/aws/bootstrap.json"))
            #expect(page.text.contains("/admin/aws/bootstrap.sh"))

            let template = try root.get("/admin/aws/bootstrap.json")
            #expect(template.status == 200)
            #expect(template.header("Content-Type") == "application/json")
            #expect(template.header("Content-Disposition") == "attachment; filename=\"portico-provisioning-bootstrap.template.json\"")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(template.text.utf8)) as? [String: Any])
            let resources = try #require(json["Resources"] as? [String: [String: Any]])
            let role = try #require(resources["ProvisioningRole"]?["Properties"] as? [String: Any])
            #expect(role["RoleName"] as? String == "PorticoProvisioning")
            #expect(template.text.contains(":saml-provider/CorpPortico"))
            #expect(template.text.contains("^arn:aws-us-gov:iam::"))

            let script = try root.get("/admin/aws/bootstrap.sh")
            #expect(script.status == 200)
            #expect(script.header("Content-Disposition") == "attachment; filename=\"portico-provisioning-bootstrap.sh\"")
            #expect(script.text.contains("aws iam put-role-policy --role-name 'PorticoProvisioning'"))
            #expect(script.text.contains("arn:aws-us-gov:iam::"))
        }
    }

    @Test func onlyAdminsDownload() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let owner = try DirectoryPages.carol(app)
            #expect(try owner.get("/admin/aws/bootstrap.json").status == 403)
            #expect(try owner.get("/admin/aws/bootstrap.sh").status == 403)
            #expect(try owner.get("/admin/accounts/111111111111").text.contains("bootstrap.json") == false)
        }
    }
}
