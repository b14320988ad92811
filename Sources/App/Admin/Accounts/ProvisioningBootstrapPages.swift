import AWS
import Storage
import Web

/// `/admin/aws/bootstrap.json` and `.sh`: the one-time setup of the role Portico assumes in every account it
/// keeps in sync, as a CloudFormation template for a StackSet rolled out to an OU, or as AWS CLI commands
/// for one account.
///
/// Both are made from the settings at the moment of download: `provisioning_role_name`,
/// `saml_provider_name`, and the partition of `aws_signin_url`.
struct ProvisioningBootstrapPages: Sendable {
    let authentication: Authentication

    func cloudFormation(_ request: Request) throws -> HTTPResponse {
        AccountSetupPages.download(
            try bootstrap().cloudFormationTemplate(), contentType: "application/json",
            filename: "portico-provisioning-bootstrap.template.json")
    }

    func cliScript(_ request: Request) throws -> HTTPResponse {
        AccountSetupPages.download(
            try bootstrap().cliCommands(), contentType: "text/x-shellscript; charset=utf-8", filename: "portico-provisioning-bootstrap.sh")
    }

    private func bootstrap() throws -> ProvisioningBootstrap {
        try authentication.database.read { db in
            let settings = SettingsStore(db)
            let federation = try settings.federation()
            return ProvisioningBootstrap(
                roleName: try settings.provisioning().roleName, samlProviderName: federation.samlProviderName,
                partition: ProvisioningBootstrap.partition(forSignInHost: federation.signInURL.host))
        }
    }
}
