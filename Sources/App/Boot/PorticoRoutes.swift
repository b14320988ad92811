import AWS
import Web

/// Portico's one route table: every surface, every route, and the middleware that holds each group's rules.
///
/// - The root group: probes (`/healthz`: the process is alive; `/readyz`: the database takes writes),
///   assets and the SAML metadata, the same for everyone, so no session is looked up. `/metrics` is a group
///   of its own within it, open to the metrics token or to this host only (`RequireMetricsAccess`).
/// - The browser group: pages and forms, with the session cookie and the CSRF check; its error page is the
///   application's. Inside it, `/me` (`RequireSignIn`), `/admin` (`RequireAdmin`) and the account pages that
///   owners share with admins (`RequireAccountManager`).
/// - The SAML service-provider group (`/saml/sp/<key>`): sign-in through identity providers, whose answer
///   arrives as a cross-site POST, so no session and no CSRF token there (`serviceProvider`).
/// - Machine groups, each a `RouteGroup.Settings.machine` with its own token check and error format: SCIM
///   at `/scim/v2` (`SCIMRoutes`), and the AWS CLI's two APIs, SSO-OIDC at `/aws/oidc` (`OIDCRoutes`) and the
///   SSO portal API at `/aws/portal` (`PortalAPIRoutes`). Their browser halves, the device page and the
///   consent page, are browser routes.
///
/// Routes that hash passwords or write to the database are `.offloaded`, so event loops never wait on
/// scrypt or on SQLite's writer.
enum PorticoRoutes {
    struct Services {
        let pages: PageRenderer
        let staticFiles: StaticFiles
        let metrics: Metrics
        /// What every `/metrics` scrape must carry as a bearer token; nil leaves it to loopback peers.
        let metricsToken: String?
        let authentication: Authentication
        let baseURL: String
        let federation: ConsoleFederation
        let writeProbe: WriteProbe
        /// Where access keys and CLI credentials come from.
        let stsEndpoint: STSEndpoint
        /// Keeps enrolled AWS accounts in sync; the account pages enrol them and ask for an attempt.
        let provisioner: AWSProvisioner
    }

    static func register(on router: inout Router, _ services: Services) {
        operations(on: &router, services)
        SCIMRoutes.register(on: &router, authentication: services.authentication, baseURL: services.baseURL)
        // One place decides who may have which role and signs for it: console launches, access keys, the CLI
        let roles = RoleFederation(authentication: services.authentication, federation: services.federation)
        let credentials = RoleCredentials(roles: roles, endpoint: services.stsEndpoint)
        let cliSignIn = CLISignIn(authentication: services.authentication, baseURL: services.baseURL, polls: DevicePollGate())
        OIDCRoutes.register(on: &router, signIn: cliSignIn)
        PortalAPIRoutes.register(on: &router, authentication: services.authentication, credentials: credentials)
        serviceProvider(on: &router, services)
        let browser = RouteGroup.Settings(
            name: "browser",
            middleware: [SessionMiddleware(authentication: services.authentication), CSRFMiddleware(origin: services.baseURL)])
        router.group("", browser) { browser in
            portal(on: &browser, services, roles: roles, credentials: credentials)
            signIn(on: &browser, services)
            cliSignInPages(on: &browser, services, cliSignIn)
            browser.group("/me", RouteGroup.Settings(name: "me", middleware: [RequireSignIn()])) { me in
                ownAccount(on: &me, services)
            }
            browser.group("/admin", RouteGroup.Settings(name: "admin", middleware: [RequireAdmin()])) { admin in
                administration(on: &admin, services)
            }
            let managers = RouteGroup.Settings(
                name: "account-managers", middleware: [RequireAccountManager(database: services.authentication.database)])
            browser.group("/admin/accounts", managers) { accounts in
                accountManagement(on: &accounts, services)
            }
        }
    }

    /// Probes, metrics and assets: the same for everyone, but for metrics' own gate.
    private static func operations(on router: inout Router, _ services: Services) {
        router.get("/healthz") { _ in HTTPResponse.text("ok\n") }
        // Offloaded: a probe that runs waits on the writer (at most one a second; the rest get its result).
        router.get("/readyz", options: .offloaded) { _ in services.writeProbe.response() }
        // Not for everyone: a token, or this host alone (see RequireMetricsAccess); plain-text errors for scrapers
        let scrapers = RouteGroup.Settings(
            name: "metrics", middleware: [RequireMetricsAccess(token: services.metricsToken)], renderError: ErrorMiddleware.plainText,
            acceptsCookies: false)
        router.group("/metrics", scrapers) { metrics in
            metrics.get("") { _ in services.metrics.response() }
        }
        services.staticFiles.register(on: &router)
        router.get("/favicon.ico") { _ in
            try HTTPResponse.redirect(toPath: services.staticFiles.fingerprintedPath(for: "favicon.svg"), status: .movedPermanently)
        }
        router.get("/robots.txt") { _ in HTTPResponse.text("User-agent: *\nDisallow: /\n") }
        // The AWS CLI login script: no secret and nothing about anyone in it, fetched with curl (see CLISetupPages)
        router.get(CLISetupPages.scriptPath, cliSetup(services).loginScript)
        // SAML identity provider: the metadata AWS trusts
        router.get(ConsoleFederation.metadataPath, services.federation.metadata)
    }

    /// `/saml/sp/<key>`: Portico as the service provider of each identity provider people sign in through.
    /// No session and no CSRF token: the assertion consumer service takes a cross-site POST from the
    /// identity provider, which proves itself by its signature; the routes that follow in the browser check
    /// the cookie binding the browser to its request.
    private static func serviceProvider(on router: inout Router, _ services: Services) {
        let saml = SAMLSignIn(authentication: services.authentication, federation: services.federation, baseURL: services.baseURL)
        let pages = SAMLSignInPages(pages: services.pages, authentication: services.authentication, saml: saml)
        let settings = RouteGroup.Settings(name: "saml-sp", maxBodySize: 1024 * 1024)
        router.group(SAMLSignIn.prefix, settings) { sp in
            sp.get("/:key/login", options: .offloaded, pages.start)
            sp.post("/:key/acs", options: .offloaded, pages.consume)
            sp.get("/:key/complete", options: .offloaded, pages.complete)
            sp.get("/:key/metadata", pages.metadata)
            sp.post("/:key/logout", options: .offloaded, pages.logout)
            sp.get("/:key/logout", options: .offloaded, pages.logout)
        }
    }

    /// The accounts and roles, shortcut links, console launches and access keys.
    private static func portal(
        on browser: inout RouteGroupBuilder, _ services: Services, roles: RoleFederation, credentials: RoleCredentials
    ) {
        let (pages, authentication, staticFiles) = (services.pages, services.authentication, services.staticFiles)
        // AWS's shortcut shape is /start/#/console?…, hence /start/ too
        let start = StartPages(pages: pages, authentication: authentication, scriptPath: staticFiles.fingerprintedPath(for: "start.js"))
        browser.get("/", start.root)
        browser.get("/start", start.show)
        browser.get("/start/", start.show)
        browser.post("/start/favorites", options: .offloaded, start.favorite)

        // Console federation: shortcut links open the AWS console as a role (signing runs on the worker pool)
        let consoleLaunch = ConsoleLaunchPages(
            pages: pages, authentication: authentication, roles: roles,
            launchScriptPath: staticFiles.fingerprintedPath(for: "console-launch.js"))
        browser.get(ShortcutLink.path, options: .offloaded, consoleLaunch.launch)
        // Access keys: credentials from STS for one role (signing and the STS round trip run on the worker pool)
        let accessKeys = AccessKeysPages(
            pages: pages, credentials: credentials,
            copyScriptPath: staticFiles.fingerprintedPath(for: "shortcut-copy.js"))
        browser.post(AccessKeysPages.path, options: .offloaded, accessKeys.show)
        let shortcuts = ShortcutPages(
            pages: pages, authentication: authentication, baseURL: services.baseURL,
            copyScriptPath: staticFiles.fingerprintedPath(for: "shortcut-copy.js"))
        browser.get("/start/shortcuts/new", shortcuts.new)
    }

    /// Signing in and out, the MFA step, and the one-time links (first admin, password reset).
    private static func signIn(on browser: inout RouteGroupBuilder, _ services: Services) {
        let (pages, authentication) = (services.pages, services.authentication)
        let (keys, keyScript) = (securityKeys(services), services.staticFiles.fingerprintedPath(for: "webauthn.js"))
        let signIn = SignInPages(pages: pages, authentication: authentication, securityKeys: keys, scriptPath: keyScript)
        browser.get("/login", signIn.show)
        browser.post("/login", options: .offloaded, signIn.submit)
        browser.post("/login/passkey", options: .offloaded, signIn.submitPasskey)
        browser.post("/logout", options: .offloaded, signIn.signOut)
        let mfaStep = MFAStepPages(pages: pages, authentication: authentication, securityKeys: keys, scriptPath: keyScript)
        browser.get("/mfa", mfaStep.show)
        browser.post("/mfa", options: .offloaded, mfaStep.submit)
        browser.post("/mfa/security-key", options: .offloaded, mfaStep.submitSecurityKey)
        let forcedEnrolment = MFAEnrolmentPages(pages: pages, authentication: authentication, securityKeys: keys, scriptPath: keyScript)
        browser.get("/mfa/enrol", forcedEnrolment.show)
        browser.post("/mfa/enrol", options: .offloaded, forcedEnrolment.submit)
        browser.post("/mfa/enrol/security-key", options: .offloaded, forcedEnrolment.submitSecurityKey)

        let setup = SetupPages(pages: pages, authentication: authentication)
        browser.get("/setup", setup.show)
        browser.post("/setup", options: .offloaded, setup.submit)
        let reset = PasswordResetPages(pages: pages, authentication: authentication)
        browser.get("/reset-password", reset.show)
        browser.post("/reset-password", options: .offloaded, reset.submit)
    }

    /// The browser halves of the AWS CLI's sign-in: approving a device code, and consenting to a PKCE request.
    private static func cliSignInPages(on browser: inout RouteGroupBuilder, _ services: Services, _ cliSignIn: CLISignIn) {
        // Both go through sign-in first (MFA included) and come back to the same code or request.
        let device = DeviceApprovalPages(pages: services.pages, signIn: cliSignIn)
        browser.group(CLISignIn.devicePath, RouteGroup.Settings(name: "device", middleware: [RequireSignIn()])) { page in
            page.get("", device.show)
            page.post("", options: .offloaded, device.decide)
        }
        let consent = AuthorizeConsentPages(pages: services.pages, signIn: cliSignIn)
        browser.group(AuthorizeConsentPages.path, RouteGroup.Settings(name: "consent", middleware: [RequireSignIn()])) { page in
            page.get("", consent.show)
            page.post("", options: .offloaded, consent.decide)
        }
    }

    /// `/me`: one's own sessions, AWS CLI setup, authenticators, recovery codes and password. What changes how one signs
    /// in sits in groups behind `RequireRecentVerification`, which sends a stale session to `/me/confirm`.
    private static func ownAccount(on me: inout RouteGroupBuilder, _ services: Services) {
        let (pages, authentication) = (services.pages, services.authentication)
        let sessions = SessionPages(pages: pages, authentication: authentication)
        me.get("/sessions", sessions.list)
        me.get("/sessions/end-others", sessions.confirmEndOthers)
        me.post("/sessions/end-others", options: .offloaded, sessions.endOthers)
        me.post("/sessions/:id/end", options: .offloaded, sessions.end)

        // The AWS CLI and SDKs: a ready ~/.aws/config for one's roles, as a page and as text
        let cli = cliSetup(services)
        me.get("/cli", cli.show)
        me.get("/aws-config", cli.config)

        let confirm = ConfirmIdentityPages(
            pages: pages, authentication: authentication, securityKeys: securityKeys(services),
            scriptPath: services.staticFiles.fingerprintedPath(for: "webauthn.js"))
        me.get("/confirm", confirm.show)
        me.post("/confirm", options: .offloaded, confirm.submit)
        me.post("/confirm/security-key", options: .offloaded, confirm.submitSecurityKey)

        let mfaDevices = MFADevicePages(
            pages: pages, authentication: authentication, securityKeys: securityKeys(services),
            scriptPath: services.staticFiles.fingerprintedPath(for: "webauthn.js"))
        me.group("/mfa", recentlyVerified("me-mfa", landingPath: "/me/mfa", services)) { mfa in
            mfa.get("", mfaDevices.list)
            mfa.post("/enrol", options: .offloaded, mfaDevices.enrol)
            mfa.post("/confirm", options: .offloaded, mfaDevices.confirm)
            mfa.post("/devices/:id/remove", options: .offloaded, mfaDevices.remove)
            mfa.post("/security-keys", options: .offloaded, mfaDevices.registerSecurityKey)
            mfa.post("/security-keys/:id/remove", options: .offloaded, mfaDevices.removeSecurityKey)
        }
        let password = OwnPasswordPages(pages: pages, authentication: authentication)
        me.group("/password", recentlyVerified("me-password", landingPath: "/me/password", services)) { own in
            own.get("", password.show)
            own.post("", options: .offloaded, password.submit)
        }
    }

    /// Security keys and passkeys, with the base URL's host as the relying party.
    private static func securityKeys(_ services: Services) -> SecurityKeys {
        SecurityKeys(authentication: services.authentication, baseURL: services.baseURL)
    }

    private static func cliSetup(_ services: Services) -> CLISetupPages {
        CLISetupPages(
            pages: services.pages, authentication: services.authentication, baseURL: services.baseURL,
            copyScriptPath: services.staticFiles.fingerprintedPath(for: "shortcut-copy.js"))
    }

    private static func recentlyVerified(_ name: String, landingPath: String, _ services: Services) -> RouteGroup.Settings {
        RouteGroup.Settings(
            name: name, middleware: [RequireRecentVerification(clock: services.authentication.clock, landingPath: landingPath)])
    }

    /// `/admin`: everything only admins may see or change.
    private static func administration(on admin: inout RouteGroupBuilder, _ services: Services) {
        let (pages, authentication) = (services.pages, services.authentication)
        // Home: the first-run checklist, and how AWS accounts come to trust Portico
        let home = AdminHomePages(pages: pages, authentication: authentication, baseURL: services.baseURL)
        admin.get("", home.show)
        admin.get("/aws", home.connectAWS)

        // Users: the list, new, page, edit and delete (see `resource`), then sessions, password, MFA and status
        let users = AdminUserPages(pages: pages, authentication: authentication, baseURL: services.baseURL)
        admin.resource("/users", users)
        admin.post("/users/:id/sessions/:sid/end", options: .offloaded, users.endSession)
        // The destructive ones ask first: a GET page says what will happen and holds the confirmed form
        admin.get("/users/:id/sessions/end-all", users.confirmEndAllSessions)
        admin.post("/users/:id/sessions/end-all", options: .offloaded, users.endAllSessions)
        admin.post("/users/:id/password", options: .offloaded, users.setPassword)
        admin.post("/users/:id/reset-link", options: .offloaded, users.createResetLink)
        admin.get("/users/:id/mfa/reset", users.confirmResetMFA)
        admin.post("/users/:id/mfa/reset", options: .offloaded, users.resetMFA)
        admin.post("/users/:id/mfa/guessing/dismiss", options: .offloaded, users.dismissGuessing)
        admin.get("/users/:id/disable", users.confirmDisable)
        admin.post("/users/:id/disable", options: .offloaded, users.disable)
        admin.post("/users/:id/enable", options: .offloaded, users.enable)

        // Importing users from CSV (a preview that writes nothing, then the confirmed import)
        let userImport = UserImportPages(pages: pages, authentication: authentication)
        let importOptions = RouteOptions(offloaded: true, maxBodySize: UserImportPages.maxBodySize)
        admin.get("/users/import", userImport.show)
        admin.post("/users/import/preview", options: importOptions, userImport.preview)
        admin.post("/users/import", options: importOptions, userImport.confirm)

        // Groups and their members
        let groups = AdminGroupPages(pages: pages, authentication: authentication)
        admin.resource("/groups", groups)
        admin.post("/groups/:id/members", options: .offloaded, groups.addMembers)
        admin.post("/groups/:id/members/:userID/remove", options: .offloaded, groups.removeMember)

        // Permission sets (their assignments are managed on each account's page)
        admin.resource("/permission-sets", AdminPermissionSetPages(pages: pages, authentication: authentication))

        // Accounts: creating, editing and deleting them, and their AWS setup (owners share only the pages below)
        let accounts = AdminAccountPages(pages: pages, authentication: authentication)
        admin.get("/accounts/new", accounts.new)
        admin.post("/accounts/new", options: .offloaded, accounts.create)
        admin.get("/accounts/:id/edit", accounts.edit)
        admin.post("/accounts/:id/edit", options: .offloaded, accounts.update)
        admin.post("/accounts/:id/owner-bounds", options: .offloaded, accounts.updateOwnerBounds)
        let ownerBounds = AdminOwnerBoundsPages(pages: pages, authentication: authentication)
        admin.get("/owner-bounds", ownerBounds.list)
        admin.post("/owner-bounds", options: .offloaded, ownerBounds.save)
        admin.post("/owner-bounds/remove", options: .offloaded, ownerBounds.remove)
        admin.get("/accounts/:id/delete", accounts.confirmDelete)
        admin.post("/accounts/:id/delete", options: .offloaded, accounts.delete)
        let accountSetup = AccountSetupPages(authentication: authentication, federation: services.federation)
        admin.get("/accounts/:id/aws-setup.json", accountSetup.cloudFormation)
        admin.get("/accounts/:id/aws-setup.sh", accountSetup.cliScript)
        // Keeping the account in sync: enrolment and "Sync now" (the attempt runs in the background)
        let sync = AccountSyncPages(authentication: services.authentication, provisioner: services.provisioner)
        admin.post("/accounts/:id/sync/enable", options: .offloaded, sync.enable)
        admin.post("/accounts/:id/sync/disable", options: .offloaded, sync.disable)
        admin.post("/accounts/:id/sync/now", options: .offloaded, sync.syncNow)
        admin.post("/permission-sets/:id/sync/now", options: .offloaded, sync.syncPermissionSet)
        let bootstrap = ProvisioningBootstrapPages(authentication: authentication)
        admin.get("/aws/bootstrap.json", bootstrap.cloudFormation)
        admin.get("/aws/bootstrap.sh", bootstrap.cliScript)

        // SAML identity providers people sign in through (their form takes a metadata file, hence larger bodies),
        // and Portico's SP metadata for each
        let identityProviders = AdminIdentityProviderPages(
            pages: pages, authentication: authentication, baseURL: services.baseURL, keyring: services.federation.keyring,
            copyScriptPath: services.staticFiles.fingerprintedPath(for: "shortcut-copy.js"))
        admin.resource(
            "/identity-providers", identityProviders, writes: RouteOptions(offloaded: true, maxBodySize: IdentityProviderForm.maxBodySize))
        admin.get("/identity-providers/:id/metadata.xml", identityProviders.metadata)

        // Provisioning by SCIM: the tenant URL, tokens (each shown once when made) and the request log
        let provisioning = AdminProvisioningPages(pages: pages, authentication: authentication, baseURL: services.baseURL)
        admin.get("/provisioning", provisioning.show)
        admin.post("/provisioning/tokens", options: .offloaded, provisioning.createToken)
        admin.post("/provisioning/tokens/:id/revoke", options: .offloaded, provisioning.revokeToken)

        // Portal-wide settings (one form)
        let settings = AdminSettingsPages(pages: pages, authentication: authentication)
        admin.get("/settings", settings.show)
        admin.post("/settings", options: .offloaded, settings.update)

        // The audit log and its JSON-lines download
        let audit = AdminAuditPages(pages: pages, authentication: authentication)
        admin.get("/audit", audit.list)
        admin.get("/audit.jsonl", audit.download)
    }

    /// `/admin/accounts`: the list, an account's page and its assignments, for admins and the account's owners.
    private static func accountManagement(on accounts: inout RouteGroupBuilder, _ services: Services) {
        let pages = AdminAccountPages(
            pages: services.pages, authentication: services.authentication, notifier: services.provisioner.notifier,
            baseURL: services.baseURL)
        accounts.get("", pages.list)
        accounts.get("/:id", pages.show)
        accounts.post("/:id/assignments", options: .offloaded, pages.addAssignments)
        accounts.get("/:id/assignments/remove", pages.confirmRemoveAssignment)
        accounts.post("/:id/assignments/remove", options: .offloaded, pages.removeAssignment)
    }
}
