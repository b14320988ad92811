import AWS
import HTTPServer
import SAML
import Storage
import TemplateEngine
import Web

/// `POST /start/credentials`: the portal's access-keys panel, as Identity Center has it. Short-term
/// credentials for one role, from STS, shown as environment variables for bash/zsh, fish, PowerShell and
/// Windows cmd, and as a credentials-file profile, with their expiry.
///
/// A POST with the CSRF token, never a link: a page that mints credentials must not be opened by a GET from
/// another site or a prefetch. The role comes as `account_id` and `role_name`, or as the tile button's
/// `access_keys=<account id>:<role name>` (a button sends one value). The page holds secrets, so it is never
/// stored (`no-store`); the copy buttons are `shortcut-copy.js`'s, and without JavaScript every text is
/// a read-only field to select.
struct AccessKeysPages: Sendable {
    static let path = "/start/credentials"
    static let badGateway = HTTPStatus(code: 502, reasonPhrase: "Bad Gateway")

    let pages: PageRenderer
    let credentials: RoleCredentials
    /// The fingerprinted path of `shortcut-copy.js`.
    let copyScriptPath: String

    /// Offloaded: signs with RSA and waits for STS.
    func show(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: "/start"))
        }
        let form = try request.form()
        var accountID = form["account_id"] ?? ""
        var roleName = form["role_name"] ?? ""
        if let key = form["access_keys"] {
            let parts = key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            accountID = String(parts[0])
            roleName = parts.count > 1 ? String(parts[1]) : ""
        }
        let issued: RoleCredentials.Issued
        do {
            issued = try credentials.credentials(
                for: signedIn.user, authenticatedAt: Int64(signedIn.session.createdAt), accountID: accountID, roleName: roleName,
                client: nil, request: request)
        } catch let error as RoleCredentialsError {
            return try refusal(request, error, accountID: accountID, roleName: roleName)
        }
        let accountName = try credentials.roles.authentication.database.read { try AccountStore($0).find(id: accountID)?.name }
        let now = credentials.roles.authentication.clock.epochSeconds
        let expiration = Int(issued.credentials.expiration)
        var response = try pages.page(
            "pages/access-keys", request: request,
            [
                "accountID": issued.accountID, "accountName": accountName ?? "", "roleName": issued.roleName,
                "permissionSet": issued.permissionSetName, "expiresAt": DurationText.moment(expiration),
                "expiresAtISO": SAMLInstant.format(issued.credentials.expiration), "remaining": DurationText.remaining(expiration - now),
                "formats": TemplateValue.list(
                    Self.formats(issued).map { format in
                        (["id": format.id, "label": format.label, "text": format.text, "lines": format.text.split(separator: "\n").count]
                            as TemplateObject).templateValue
                    }),
                "copyScriptPath": copyScriptPath,
            ])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// One way of handing the credentials over, as the page shows it.
    struct Format: Sendable {
        let id: String
        let label: String
        let text: String
    }

    /// The five formats, in Identity Center's order: bash/zsh, fish, PowerShell, cmd, the credentials file.
    static func formats(_ issued: RoleCredentials.Issued) -> [Format] {
        let values = [
            ("AWS_ACCESS_KEY_ID", issued.credentials.accessKeyID), ("AWS_SECRET_ACCESS_KEY", issued.credentials.secretAccessKey),
            ("AWS_SESSION_TOKEN", issued.credentials.sessionToken),
        ]
        func lines(_ line: (String, String) -> String) -> String { values.map(line).joined(separator: "\n") }
        let profile = "\(issued.accountID)_\(issued.roleName)"
        return [
            Format(id: "keys-bash", label: "macOS and Linux (bash, zsh)", text: lines { "export \($0)=\"\($1)\"" }),
            Format(id: "keys-fish", label: "fish", text: lines { "set -x \($0) \"\($1)\"" }),
            Format(id: "keys-powershell", label: "Windows PowerShell", text: lines { "$Env:\($0)=\"\($1)\"" }),
            Format(id: "keys-cmd", label: "Windows Command Prompt (cmd)", text: lines { "set \($0)=\($1)" }),
            Format(
                id: "keys-file", label: "AWS credentials file (~/.aws/credentials)",
                text: "[\(profile)]\n"
                    + [
                        ("aws_access_key_id", issued.credentials.accessKeyID),
                        ("aws_secret_access_key", issued.credentials.secretAccessKey),
                        ("aws_session_token", issued.credentials.sessionToken),
                    ].map { "\($0)=\($1)" }.joined(separator: "\n")),
        ]
    }

    /// A refusal (403) or an STS failure (502), with what to fix; the same page whatever the account.
    private func refusal(_ request: Request, _ error: RoleCredentialsError, accountID: String, roleName: String) throws -> HTTPResponse {
        let status: HTTPStatus
        switch error {
        case .notHeld: status = .forbidden
        case .reachedThroughJumpAccount: status = .badRequest
        case .invalidRequest: status = .internalServerError
        case .refused, .unreachable, .unreadableResponse: status = Self.badGateway
        }
        var response = try pages.page(
            "pages/console-refused", request: request,
            [
                "status": status.code, "title": error.title, "message": error.description,
                "accountID": accountID.isEmpty ? "(none given)" : String(accountID.prefix(64)),
                "roleName": String(roleName.prefix(128)), "requestID": request.requestID,
            ], status: status)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
