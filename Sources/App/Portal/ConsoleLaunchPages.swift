import Domain
import SAML
import Storage
import TemplateEngine
import Time
import Web

/// `/start/console?account_id=…&role_name=…&destination=…`: the shortcut link, which opens the AWS
/// console as a role (SPEC §4).
///
/// Access is decided from the database on every launch (`AssignmentStore.mayUse`), never from anything
/// the link or the browser says. The answer is a page whose form POSTs the signed SAML Response to AWS's
/// sign-in URL, submitted by `console-launch.js` or by the visible button without JavaScript. Refusals
/// name only what the link asked for, so a link cannot be used to learn about accounts the user cannot see.
struct ConsoleLaunchPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication
    let federation: ConsoleFederation
    /// The fingerprinted path of `console-launch.js`.
    let launchScriptPath: String

    /// Offloaded: signs with RSA and writes the audit event.
    func launch(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try ReturnPath.signInFirst(request) }
        let link = ShortcutLink(query: try request.query)
        guard Account.isAccountID(link.accountID) else {
            try auditFailure(request, signedIn: signedIn, link: link, reason: "malformed_account_id")
            return try refusal(
                request, status: .badRequest, title: "This link names no AWS account",
                message: "The link's account_id must be a 12-digit AWS account id.", link: link)
        }
        let (settings, accountName) = try authentication.database.read { db in
            (try SettingsStore(db).federation(), try AccountStore(db).find(id: link.accountID)?.name)
        }
        guard let roleName = link.roleName else {
            let held = try authentication.database.read { db in
                try AssignmentStore(db).effectiveAccess(for: signedIn.user.id).filter { $0.accountID == link.accountID }
            }
            if held.isEmpty { try auditFailure(request, signedIn: signedIn, link: link, reason: "no_role_in_account") }
            return try chooseRole(
                request, link: link, accountName: accountName, settings: settings, permissionSets: held.map(\.permissionSetName))
        }

        var destination: ConsoleDestination?
        if let requested = link.destination {
            do {
                destination = try ConsoleDestination.check(requested, allowedHosts: settings.allowedConsoleHosts)
            } catch {
                try auditFailure(request, signedIn: signedIn, link: link, reason: "destination_not_allowed")
                return try refusal(
                    request, status: .badRequest, title: "This link leads outside the AWS console",
                    message: error.reason + " Only https addresses on " + settings.allowedConsoleHosts.joined(separator: ", ")
                        + " (and their subdomains) can be opened.", link: link)
            }
        }

        // The role name maps back to at most one permission set, whose assignment the database must show.
        // IAM role names ignore case, so a set whose name differs from another's only in case names the
        // same role as that other set: launching it could open a role the user does not hold. The store
        // refuses such names; a database from before that rule is refused here.
        let (permissionSet, sharesRole) =
            try settings.roleNamePattern.permissionSetName(forRoleName: roleName).map { name in
                try authentication.database.read { db -> (PermissionSet?, Bool) in
                    guard try AssignmentStore(db).mayUse(userID: signedIn.user.id, accountID: link.accountID, permissionSetName: name)
                    else { return (nil, false) }
                    guard let set = try PermissionSetStore(db).find(name: name) else { return (nil, false) }
                    let sharesRole = try PermissionSetStore(db).sharesRoleName(name, exceptID: set.id)
                    return (sharesRole ? nil : set, sharesRole)
                }
            } ?? (nil, false)
        guard let permissionSet else {
            try auditFailure(request, signedIn: signedIn, link: link, reason: sharesRole ? "role_name_not_unique" : "not_assigned")
            return try notHeld(request, link: link)
        }

        let relayState =
            destination?.url.text ?? permissionSet.relayState.flatMap { relayState in
                try? ConsoleDestination.check(relayState, allowedHosts: settings.allowedConsoleHosts).url.text
            } ?? settings.consoleHome
        let user = signedIn.user
        // An Entra guest signs in as `alice_gmail.com#EXT#@tenant.onmicrosoft.com`; CloudTrail should name the
        // person by the address their organisation knows, as the jump-account setups' claims rule did.
        let launch = ConsoleLaunch(
            nameID: user.id, email: user.contactEmail ?? user.email, accountID: link.accountID, roleName: roleName,
            samlProviderName: settings.samlProviderName, sessionDurationSeconds: permissionSet.sessionDuration.seconds,
            authenticatedAt: Int64(signedIn.session.createdAt),
            principalTags: settings.principalTagAttributes.compactMap { key in
                user.attributes[key].map { ConsoleLaunch.PrincipalTag(key: key, value: $0) }
            })
        let keys = federation.keyring.current()
        let builder = SAMLAssertionBuilder(
            entityID: federation.entityID, signInURL: settings.signInURL.text, now: { Int64(authentication.clock.epochSeconds) })
        let signed = try keys.signer.sign(builder.response(for: launch))

        try authentication.database.write { db in
            try authentication.audit(
                "console.launch", actor: user.email, target: user.id, request: request, db: db,
                details: [
                    "account_id": .string(link.accountID), "role_name": .string(roleName), "permission_set": .string(permissionSet.name),
                    "destination": .string(relayState), "session_duration": .number(Double(permissionSet.sessionDuration.seconds)),
                    "signing_key": .string(keys.keys.active.id),
                ])
            try PortalStore(db).recordLaunch(
                userID: user.id, accountID: link.accountID, permissionSetID: permissionSet.id, at: authentication.clock.epochSeconds)
        }

        var response = try pages.page(
            "pages/console-launch", request: request,
            [
                "signInURL": settings.signInURL.text, "samlResponse": SAMLPostBinding.encode(signed), "relayState": relayState,
                "accountID": link.accountID, "accountName": accountName ?? "", "roleName": roleName,
                "launchScriptPath": launchScriptPath,
            ])
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy", value: SecurityHeadersMiddleware.policy(formActions: Self.formActions(settings)))
        // The page holds a bearer assertion: never kept by a cache or the browser's history.
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// Where the launch form may go: the sign-in URL's origin, then the console hosts it redirects to.
    static func formActions(_ settings: FederationSettings) -> [String] {
        [settings.signInURL.origin] + settings.allowedConsoleHosts.flatMap { ["https://" + $0, "https://*." + $0] }
    }

    // MARK: Pages

    /// The link named no role: the user's roles in that account, each a link that launches it.
    private func chooseRole(
        _ request: Request, link: ShortcutLink, accountName: String?, settings: FederationSettings, permissionSets: [String]
    ) throws -> HTTPResponse {
        guard !permissionSets.isEmpty else { return try notHeld(request, link: link) }
        let roles: [TemplateValue] = permissionSets.map { name in
            let roleName = settings.roleNamePattern.roleName(for: name)
            let target = ShortcutLink(accountID: link.accountID, roleName: roleName, destination: link.destination)
            return (["roleName": roleName, "permissionSet": name, "href": target.pathAndQuery] as TemplateObject).templateValue
        }
        return try pages.page(
            "pages/console-roles", request: request,
            ["accountID": link.accountID, "accountName": accountName ?? "", "roles": roles, "destination": link.destination ?? ""])
    }

    /// 403 naming only the account and role the link asked for: the same page whether the account
    /// exists, the role exists, or neither.
    private func notHeld(_ request: Request, link: ShortcutLink) throws -> HTTPResponse {
        try refusal(
            request, status: .forbidden, title: "You cannot open this role",
            message: link.roleName == nil
                ? "You have no role in this account. Ask a Portico administrator or the account's owner for access."
                : "You do not hold this role in this account. Ask a Portico administrator or the account's owner for access.",
            link: link)
    }

    private func refusal(_ request: Request, status: HTTPStatus, title: String, message: String, link: ShortcutLink) throws
        -> HTTPResponse
    {
        try pages.page(
            "pages/console-refused", request: request,
            [
                "status": status.code, "title": title, "message": message,
                "accountID": link.accountID.isEmpty ? "(none given)" : String(link.accountID.prefix(64)),
                "roleName": link.roleName.map { String($0.prefix(128)) } ?? "", "requestID": request.requestID,
            ], status: status)
    }

    /// Records a refused launch in its own transaction: who asked for what, and why not.
    private func auditFailure(_ request: Request, signedIn: SignedInUser, link: ShortcutLink, reason: String) throws {
        try authentication.database.write { db in
            try authentication.audit(
                "console.launch", actor: signedIn.user.email, target: signedIn.user.id, outcome: .failure, request: request, db: db,
                details: [
                    "account_id": .string(String(link.accountID.prefix(64))),
                    "role_name": .string(String((link.roleName ?? "").prefix(128))),
                    "reason": .string(reason),
                ])
        }
    }
}
