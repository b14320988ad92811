import Domain
import JSON
import SAML
import Storage
import TemplateEngine
import Time
import Web

/// `/start/console?account_id=…&role_name=…&destination=…`: the shortcut link, which opens the AWS
/// console as a role (SPEC §4).
///
/// Access is decided from the database on every launch (`RoleFederation.decide`), never from anything
/// the link or the browser says. The answer is a page whose form POSTs the signed SAML Response to AWS's
/// sign-in URL, submitted by `console-launch.js` or by the visible button without JavaScript. Refusals
/// name only what the link asked for, so a link cannot be used to learn about accounts the user cannot see.
///
/// An account reached through a jump account (issue 16) is opened in two steps: the assertion signs the
/// person in to the jump account's role, then AWS's switch-role page takes them into the account's role.
/// AWS follows `RelayState` to console pages only, and the switch needs the jump account's console session
/// to exist first (see the README's jump-account section for the sources), so the page cannot chain the
/// two for the browser: it shows both steps, the first a form posting into a named tab, the second a link
/// into the same tab. A destination that is itself a switch-role link is opened the same way.
struct ConsoleLaunchPages: Sendable {
    /// The tab both steps of a switch launch open in, so the switch-role page replaces the jump console.
    static let consoleWindowName = "portico-aws-console"
    let pages: PageRenderer
    let authentication: Authentication
    /// Decides access and signs the assertion, as for CLI credentials.
    let roles: RoleFederation
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
        let (settings, account) = try authentication.database.read { db in
            (try SettingsStore(db).federation(), try AccountStore(db).find(id: link.accountID))
        }
        let accountName = account?.name
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
                        + " (and their subdomains) can be opened, and AWS's switch-role page with an account and role.", link: link)
            }
        }

        let grant: RoleFederation.Grant
        switch try roles.decide(userID: signedIn.user.id, accountID: link.accountID, roleName: roleName, settings: settings) {
        case .granted(let granted): grant = granted
        case .refused(let reason):
            try auditFailure(request, signedIn: signedIn, link: link, reason: reason)
            return try notHeld(request, link: link)
        }
        let permissionSet = grant.permissionSet

        let route: LaunchRoute
        switch try self.route(
            account: account, roleName: roleName, destination: destination,
            relayState: permissionSet.relayState.flatMap { try? ConsoleDestination.check($0, allowedHosts: settings.allowedConsoleHosts) },
            settings: settings)
        {
        case .launch(let launchRoute):
            route = launchRoute
        case .refused(let reason, let title, let message):
            try auditFailure(request, signedIn: signedIn, link: link, reason: reason)
            return try refusal(request, status: .badRequest, title: title, message: message, link: link)
        }

        let user = signedIn.user
        let signed = try roles.signedResponse(
            for: user, authenticatedAt: Int64(signedIn.session.createdAt), grant: grant, settings: settings,
            signInAccountID: route.signInAccountID, signInRoleName: route.signInRoleName, switchTarget: route.switchTarget)

        try authentication.database.write { db in
            var details: [String: JSONNode] = [
                "account_id": .string(link.accountID), "role_name": .string(roleName), "permission_set": .string(permissionSet.name),
                "destination": .string(route.relayState), "session_duration": .number(Double(permissionSet.sessionDuration.seconds)),
                "signing_key": .string(signed.keyID),
            ]
            if route.signInAccountID != link.accountID || route.signInRoleName != roleName {
                details["via_account_id"] = .string(route.signInAccountID)
                details["via_role_name"] = .string(route.signInRoleName)
            }
            if let switchRole = route.switchRole { details["switch_role"] = .string(switchRole.text) }
            if let afterSwitch = route.afterSwitch { details["after_switch"] = .string(afterSwitch) }
            try authentication.audit("console.launch", actor: user.email, target: user.id, request: request, db: db, details: details)
            try PortalStore(db).recordLaunch(
                userID: user.id, accountID: link.accountID, permissionSetID: permissionSet.id, at: authentication.clock.epochSeconds)
        }

        var response: HTTPResponse
        if let switchRole = route.switchRole {
            let signInAccountName =
                route.signInAccountID == link.accountID
                ? accountName : try authentication.database.read { try AccountStore($0).find(id: route.signInAccountID)?.name }
            let targetName =
                switchRole.accountID == link.accountID
                ? accountName : try authentication.database.read { try AccountStore($0).find(id: switchRole.accountID)?.name }
            response = try pages.page(
                "pages/console-switch-launch", request: request,
                [
                    "signInURL": settings.signInURL.text, "samlResponse": SAMLPostBinding.encode(signed.xml),
                    "relayState": route.relayState,
                    "windowName": Self.consoleWindowName, "isJump": route.signInAccountID != link.accountID,
                    "signIn": [
                        "accountID": route.signInAccountID, "accountName": signInAccountName ?? "", "roleName": route.signInRoleName,
                    ] as TemplateObject,
                    "target": [
                        "accountID": switchRole.accountID, "accountName": targetName ?? "", "roleName": switchRole.roleName,
                    ] as TemplateObject,
                    "switchRoleURL": switchRole.text, "afterSwitch": route.afterSwitch ?? "",
                ])
        } else {
            response = try pages.page(
                "pages/console-launch", request: request,
                [
                    "signInURL": settings.signInURL.text, "samlResponse": SAMLPostBinding.encode(signed.xml),
                    "relayState": route.relayState,
                    "accountID": link.accountID, "accountName": accountName ?? "", "roleName": roleName,
                    "launchScriptPath": launchScriptPath,
                ])
        }
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy", value: SecurityHeadersMiddleware.policy(formActions: Self.formActions(settings)))
        // The page holds a bearer assertion: never kept by a cache or the browser's history.
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    // MARK: Routes

    /// Where the assertion signs the person in, what it sends as `RelayState`, and what follows.
    struct LaunchRoute {
        var signInAccountID: String
        var signInRoleName: String
        /// A console page, never a switch-role link.
        var relayState: String
        /// The second step: AWS's switch-role page, once the first step's console session exists.
        var switchRole: SwitchRoleLink?
        /// For a jump launch, the `PorticoSwitchRole` session tag that lets the jump session switch into this role only.
        var switchTarget: String?
        /// A console page to open once switched: the link's or the permission set's, which AWS cannot be asked to show.
        var afterSwitch: String?
    }

    enum RouteDecision {
        case launch(LaunchRoute)
        /// A 400: the audit reason, the page's title and message.
        case refused(reason: String, title: String, message: String)
    }

    /// The route for a launch of `roleName` in `account` (nil when Portico does not list the account, which the
    /// assignment check already allowed), given the link's destination and the permission set's relay state.
    func route(
        account: Account?, roleName: String, destination: ConsoleDestination?, relayState: ConsoleDestination?,
        settings: FederationSettings
    ) throws -> RouteDecision {
        let accountID = account?.id ?? ""
        if let via = account?.reachedThrough {
            if destination?.switchRole != nil {
                return .refused(
                    reason: "destination_not_allowed", title: "This link switches role twice",
                    message: "People reach this account by switching role from a jump account, so a link to it cannot name another switch.")
            }
            let jump = try authentication.database.read { try AccountStore($0).find(id: via.accountID) }
            guard let jump, jump.reachedThrough == nil,
                let link = SwitchRoleLink(
                    host: settings.switchRoleHost, accountID: accountID, roleName: roleName,
                    displayName: roleName + " @ " + (account?.name ?? accountID))
            else {
                return .refused(
                    reason: "jump_account_not_set_up", title: "This account cannot be opened",
                    message: "People reach this account through a jump account that Portico cannot sign in to. Ask a Portico administrator."
                )
            }
            // The permission set's relay state may be a switch-role link meant for accounts signed in to directly.
            let page = destination ?? relayState.flatMap { $0.switchRole == nil ? $0 : nil }
            return .launch(
                LaunchRoute(
                    signInAccountID: jump.id, signInRoleName: via.jumpRoleName(forRoleName: roleName), relayState: settings.consoleHome,
                    switchRole: link, switchTarget: JumpRoute.switchTarget(accountID: accountID, roleName: roleName),
                    afterSwitch: page?.url.text))
        }
        let chosen = destination ?? relayState
        guard let switchRole = chosen?.switchRole else {
            return .launch(
                LaunchRoute(
                    signInAccountID: accountID, signInRoleName: roleName, relayState: chosen?.url.text ?? settings.consoleHome))
        }
        // A switch into an account Portico does not list would put a person in someone else's account,
        // looking like theirs.
        guard try authentication.database.read({ try AccountStore($0).find(id: switchRole.accountID) }) != nil else {
            return .refused(
                reason: "destination_not_allowed", title: "This link switches into an unknown account",
                message: "The switch-role link names account \(switchRole.accountID), which this portal does not list.")
        }
        return .launch(
            LaunchRoute(signInAccountID: accountID, signInRoleName: roleName, relayState: settings.consoleHome, switchRole: switchRole))
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
