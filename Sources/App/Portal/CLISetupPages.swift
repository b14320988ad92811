import AWS
import Storage
import TemplateEngine
import Web

/// `/me/cli` and `/me/aws-config`: a ready `~/.aws/config` for the signed-in user's roles, to copy or
/// download, with the sign-in command for each client; and `/cli/portico-sso-login.py`, the login script
/// for AWS CLI v2 releases that refuse a start URL outside AWS (`AWSCLILoginScript`).
///
/// Access is read from the database on every request, so the file always matches what the user holds now.
/// A `region` query parameter sets `sso_region` and each profile's `region`; anything that is not a
/// region name falls back to `AWSCLIConfig.defaultRegion`.
struct CLISetupPages: Sendable {
    static let scriptPath = "/cli/" + AWSCLILoginScript.fileName

    let pages: PageRenderer
    let authentication: Authentication
    let baseURL: String
    /// The fingerprinted path of `shortcut-copy.js`.
    let copyScriptPath: String

    /// `GET /me/aws-config`: the file as text, shown in the browser or, with `download=1`, saved as `config`.
    func config(_ request: Request) throws -> HTTPResponse {
        let config = try awsConfig(request)
        var response = HTTPResponse.text(config.text)
        let disposition = try request.query["download"] == "1" ? "attachment; filename=\"config\"" : "inline"
        response.headers.replaceOrAdd(name: "Content-Disposition", value: disposition)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// `GET /me/cli`: the config, how to save it and how to sign in with each client.
    func show(_ request: Request) throws -> HTTPResponse {
        let config = try awsConfig(request)
        let regionQuery = config.region == AWSCLIConfig.defaultRegion ? "" : "region=" + config.region
        let values: TemplateObject = [
            "config": config.text,
            "hasProfiles": !config.profiles.isEmpty,
            "exampleProfile": config.profiles.first?.name ?? "NAME",
            "profiles": config.profiles.map { profile in
                let row: TemplateObject = [
                    "name": profile.name, "accountName": profile.accountName, "accountID": profile.accountID, "roleName": profile.roleName,
                ]
                return row.templateValue
            },
            "region": config.region,
            "sessionName": AWSCLIConfig.sessionName,
            "downloadPath": "/me/aws-config?download=1" + (regionQuery.isEmpty ? "" : "&" + regionQuery),
            "textPath": "/me/aws-config" + (regionQuery.isEmpty ? "" : "?" + regionQuery),
            "scriptURL": config.baseURL + Self.scriptPath + (regionQuery.isEmpty ? "" : "?" + regionQuery),
            "scriptName": AWSCLILoginScript.fileName,
            "oidcEndpoint": config.oidcEndpoint,
            "portalEndpoint": config.portalEndpoint,
            "copyScriptPath": copyScriptPath,
        ]
        var response = try pages.page("pages/cli-setup", request: request, values)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// `GET /cli/portico-sso-login.py`: the login script for this server, as text to read before running.
    ///
    /// Served without sign-in: it carries no secret and nothing about any user (only the base URL), and it is
    /// fetched with `curl` on machines where no browser session exists.
    func loginScript(_ request: Request) throws -> HTTPResponse {
        let region = try request.query["region"] ?? AWSCLIConfig.defaultRegion
        var response = HTTPResponse.text(AWSCLILoginScript.text(baseURL: baseURL, region: region))
        response.headers.replaceOrAdd(
            name: "Content-Disposition", value: "inline; filename=\"\(AWSCLILoginScript.fileName)\"")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        return response
    }

    private func awsConfig(_ request: Request) throws -> AWSCLIConfig {
        let signedIn = try request.signedInUser()
        let (settings, access) = try authentication.database.read { db in
            (try SettingsStore(db).federation(), try AssignmentStore(db).effectiveAccess(for: signedIn.user.id))
        }
        return AWSCLIConfig(
            access: access, roleNamePattern: settings.roleNamePattern, baseURL: baseURL,
            region: try request.query["region"] ?? AWSCLIConfig.defaultRegion, userEmail: signedIn.user.email,
            generatedAt: Int64(authentication.clock.epochSeconds))
    }
}
