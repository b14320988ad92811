import HTTPServer
import Web

/// The route table of the browser surface: every page and endpoint people and probes reach, in one place.
///
/// Routes that hash passwords or write to the database are `.offloaded`, so event loops never wait on
/// scrypt or on SQLite's writer.
enum BrowserRoutes {
    static func register(
        on router: inout Router, pages: PageRenderer, staticFiles: StaticFiles, metrics: Metrics, authentication: Authentication,
        baseURL: String, federation: ConsoleFederation
    ) {
        // Portal: the accounts and roles (AWS's shortcut shape is /start/#/console?…, hence /start/ too)
        let start = StartPages(pages: pages, authentication: authentication, scriptPath: staticFiles.fingerprintedPath(for: "start.js"))
        router.get("/", start.root)
        router.get("/start", start.show)
        router.get("/start/", start.show)
        router.post("/start/favorites", options: .offloaded, start.favorite)

        // Console federation: shortcut links open the AWS console as a role (signing runs on the worker pool)
        let consoleLaunch = ConsoleLaunchPages(
            pages: pages, authentication: authentication, federation: federation,
            launchScriptPath: staticFiles.fingerprintedPath(for: "console-launch.js"))
        router.get(ShortcutLink.path, options: .offloaded, consoleLaunch.launch)
        let shortcuts = ShortcutPages(
            pages: pages, authentication: authentication, baseURL: baseURL,
            copyScriptPath: staticFiles.fingerprintedPath(for: "shortcut-copy.js"))
        router.get("/start/shortcuts/new", shortcuts.new)

        // SAML identity provider: the metadata AWS trusts
        router.get(ConsoleFederation.metadataPath, federation.metadata)

        // Sign-in and sign-out
        let signIn = SignInPages(pages: pages, authentication: authentication)
        router.get("/login", signIn.show)
        router.post("/login", options: .offloaded, signIn.submit)
        router.post("/logout", options: .offloaded, signIn.signOut)
        let mfaStep = MFAStepPages(pages: pages, authentication: authentication)
        router.get("/mfa", mfaStep.show)
        router.post("/mfa", options: .offloaded, mfaStep.submit)
        let forcedEnrolment = MFAEnrolmentPages(pages: pages, authentication: authentication)
        router.get("/mfa/enrol", forcedEnrolment.show)
        router.post("/mfa/enrol", options: .offloaded, forcedEnrolment.submit)

        // Own sessions
        let sessions = SessionPages(pages: pages, authentication: authentication)
        router.get("/me/sessions", sessions.list)
        router.post("/me/sessions/end-others", options: .offloaded, sessions.endOthers)
        router.post("/me/sessions/:id/end", options: .offloaded, sessions.end)

        // Own authenticators and recovery codes
        let mfaDevices = MFADevicePages(pages: pages, authentication: authentication)
        router.get("/me/mfa", mfaDevices.list)
        router.post("/me/mfa/enrol", options: .offloaded, mfaDevices.enrol)
        router.post("/me/mfa/confirm", options: .offloaded, mfaDevices.confirm)
        router.post("/me/mfa/devices/:id/remove", options: .offloaded, mfaDevices.remove)

        // One-time links: first admin, password reset
        let setup = SetupPages(pages: pages, authentication: authentication)
        router.get("/setup", setup.show)
        router.post("/setup", options: .offloaded, setup.submit)
        let reset = PasswordResetPages(pages: pages, authentication: authentication)
        router.get("/reset-password", reset.show)
        router.post("/reset-password", options: .offloaded, reset.submit)

        // Admin: users (every handler refuses non-admins with 403; see AdminAccess)
        let adminUsers = AdminUserPages(pages: pages, authentication: authentication, baseURL: baseURL)
        router.get("/admin") { _ in try HTTPResponse.redirect(toPath: "/admin/users") }
        router.get("/admin/users", adminUsers.list)
        router.get("/admin/users/new", adminUsers.new)
        router.post("/admin/users/new", options: .offloaded, adminUsers.create)
        router.get("/admin/users/:id", adminUsers.show)
        router.get("/admin/users/:id/edit", adminUsers.edit)
        router.post("/admin/users/:id/edit", options: .offloaded, adminUsers.update)
        router.get("/admin/users/:id/delete", adminUsers.confirmDelete)
        router.post("/admin/users/:id/delete", options: .offloaded, adminUsers.delete)
        router.post("/admin/users/:id/sessions/:sid/end", options: .offloaded, adminUsers.endSession)
        router.post("/admin/users/:id/sessions/end-all", options: .offloaded, adminUsers.endAllSessions)
        router.post("/admin/users/:id/password", options: .offloaded, adminUsers.setPassword)
        router.post("/admin/users/:id/reset-link", options: .offloaded, adminUsers.createResetLink)
        router.post("/admin/users/:id/mfa/reset", options: .offloaded, adminUsers.resetMFA)
        router.post("/admin/users/:id/disable", options: .offloaded, adminUsers.disable)
        router.post("/admin/users/:id/enable", options: .offloaded, adminUsers.enable)

        // Admin: importing users from CSV (a preview that writes nothing, then the confirmed import)
        let userImport = UserImportPages(pages: pages, authentication: authentication)
        let importOptions = RouteOptions(offloaded: true, maxBodySize: UserImportPages.maxBodySize)
        router.get("/admin/users/import", userImport.show)
        router.post("/admin/users/import/preview", options: importOptions, userImport.preview)
        router.post("/admin/users/import", options: importOptions, userImport.confirm)

        // Admin: permission sets (their assignments are managed on each account's page)
        let permissionSets = AdminPermissionSetPages(pages: pages, authentication: authentication)
        router.get("/admin/permission-sets", permissionSets.list)
        router.get("/admin/permission-sets/new", permissionSets.new)
        router.post("/admin/permission-sets/new", options: .offloaded, permissionSets.create)
        router.get("/admin/permission-sets/:id", permissionSets.show)
        router.get("/admin/permission-sets/:id/edit", permissionSets.edit)
        router.post("/admin/permission-sets/:id/edit", options: .offloaded, permissionSets.update)
        router.get("/admin/permission-sets/:id/delete", permissionSets.confirmDelete)
        router.post("/admin/permission-sets/:id/delete", options: .offloaded, permissionSets.delete)

        // Admin: portal-wide settings (one form)
        let adminSettings = AdminSettingsPages(pages: pages, authentication: authentication)
        router.get("/admin/settings", adminSettings.show)
        router.post("/admin/settings", options: .offloaded, adminSettings.update)

        // Admin: audit log and its JSON-lines download
        let audit = AdminAuditPages(pages: pages, authentication: authentication)
        router.get("/admin/audit", audit.list)
        router.get("/admin/audit.jsonl", audit.download)

        // Admin: groups and their members (admins only)
        let adminGroups = AdminGroupPages(pages: pages, authentication: authentication)
        router.get("/admin/groups", adminGroups.list)
        router.get("/admin/groups/new", adminGroups.new)
        router.post("/admin/groups/new", options: .offloaded, adminGroups.create)
        router.get("/admin/groups/:id", adminGroups.show)
        router.get("/admin/groups/:id/edit", adminGroups.edit)
        router.post("/admin/groups/:id/edit", options: .offloaded, adminGroups.update)
        router.get("/admin/groups/:id/delete", adminGroups.confirmDelete)
        router.post("/admin/groups/:id/delete", options: .offloaded, adminGroups.delete)
        router.post("/admin/groups/:id/members", options: .offloaded, adminGroups.addMembers)
        router.post("/admin/groups/:id/members/:userID/remove", options: .offloaded, adminGroups.removeMember)

        // Admin: accounts and their assignments (admins; an account's owners may open its page and change its assignments)
        let adminAccounts = AdminAccountPages(pages: pages, authentication: authentication)
        router.get("/admin/accounts", adminAccounts.list)
        router.get("/admin/accounts/new", adminAccounts.new)
        router.post("/admin/accounts/new", options: .offloaded, adminAccounts.create)
        router.get("/admin/accounts/:id", adminAccounts.show)
        router.get("/admin/accounts/:id/edit", adminAccounts.edit)
        router.post("/admin/accounts/:id/edit", options: .offloaded, adminAccounts.update)
        router.get("/admin/accounts/:id/delete", adminAccounts.confirmDelete)
        router.post("/admin/accounts/:id/delete", options: .offloaded, adminAccounts.delete)
        router.post("/admin/accounts/:id/assignments", options: .offloaded, adminAccounts.addAssignments)
        router.post("/admin/accounts/:id/assignments/remove", options: .offloaded, adminAccounts.removeAssignment)
        let accountSetup = AccountSetupPages(authentication: authentication, federation: federation)
        router.get("/admin/accounts/:id/aws-setup.json", accountSetup.cloudFormation)
        router.get("/admin/accounts/:id/aws-setup.sh", accountSetup.cliScript)

        // Operations
        router.get("/healthz") { _ in HTTPResponse.text("ok\n") }
        router.get("/metrics") { _ in metrics.response() }

        // Assets
        staticFiles.register(on: &router)
        router.get("/favicon.ico") { _ in
            try HTTPResponse.redirect(toPath: staticFiles.fingerprintedPath(for: "favicon.svg"), status: .movedPermanently)
        }
        router.get("/robots.txt") { _ in HTTPResponse.text("User-agent: *\nDisallow: /\n") }
    }
}
