import AWS
import Domain
import SAML
import Storage
import Web

/// `/admin/accounts/:id/aws-setup.json` and `.sh`: what an admin runs in an AWS account so that it trusts
/// Portico, as a CloudFormation template or as AWS CLI commands.
///
/// Both are made from the database and the published metadata at the moment of download: the roles are
/// the permission sets assigned in that account now, named by the `role_name_pattern` setting, and for a
/// jump account the roles people switch from into the accounts reached through it. The script creates or
/// updates, so it is run again after assignments change (see `AWSAccountSetup.cliCommands()`).
struct AccountSetupPages: Sendable {
    let authentication: Authentication
    let federation: ConsoleFederation

    func cloudFormation(_ request: Request) throws -> HTTPResponse {
        let setup = try accountSetup(request)
        return Self.download(
            setup.cloudFormationTemplate(), contentType: "application/json", filename: "portico-\(setup.accountID).template.json")
    }

    func cliScript(_ request: Request) throws -> HTTPResponse {
        let setup = try accountSetup(request)
        return Self.download(
            setup.cliCommands(), contentType: "text/x-shellscript; charset=utf-8", filename: "portico-\(setup.accountID).sh")
    }

    private func accountSetup(_ request: Request) throws -> AWSAccountSetup {
        let metadata = federation.metadataXML()
        guard
            let setup = try authentication.database.read({ db in
                try AccountDesiredState.setup(accountID: request.parameters["id"] ?? "", metadataXML: metadata, db: db)
            })
        else { throw HTTPError(.notFound, AdminAccountPages.noSuchAccount) }
        return setup
    }

    static func download(_ text: String, contentType: String, filename: String) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, contentType: contentType, body: text)
        response.headers.replaceOrAdd(name: "Content-Disposition", value: "attachment; filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
