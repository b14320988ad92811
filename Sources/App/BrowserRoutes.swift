import HTTPServer
import Web

/// The route table of the browser surface: every page and endpoint people and probes reach, in one place.
///
/// Routes that hash passwords or write to the database are `.offloaded`, so event loops never wait on
/// scrypt or on SQLite's writer.
enum BrowserRoutes {
    static func register(
        on router: inout Router, pages: PageRenderer, staticFiles: StaticFiles, metrics: Metrics, authentication: Authentication,
        baseURL: String
    ) {
        // Portal: the accounts and roles (AWS's shortcut shape is /start/#/console?…, hence /start/ too)
        let start = StartPages(pages: pages, authentication: authentication, scriptPath: staticFiles.fingerprintedPath(for: "start.js"))
        router.get("/", start.root)
        router.get("/start", start.show)
        router.get("/start/", start.show)
        router.post("/start/favorites", options: .offloaded, start.favorite)

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
        router.get("/admin/users", adminUsers.list)
        router.get("/admin/users/:id", adminUsers.show)
        router.post("/admin/users/:id/sessions/:sid/end", options: .offloaded, adminUsers.endSession)
        router.post("/admin/users/:id/sessions/end-all", options: .offloaded, adminUsers.endAllSessions)
        router.post("/admin/users/:id/password", options: .offloaded, adminUsers.setPassword)
        router.post("/admin/users/:id/reset-link", options: .offloaded, adminUsers.createResetLink)
        router.post("/admin/users/:id/mfa/reset", options: .offloaded, adminUsers.resetMFA)
        router.post("/admin/users/:id/disable", options: .offloaded, adminUsers.disable)
        router.post("/admin/users/:id/enable", options: .offloaded, adminUsers.enable)

        // Operations
        router.get("/healthz") { _ in HTTPResponse.text("ok\n") }
        router.get("/metrics") { _ in metrics.response() }

        // Assets
        staticFiles.register(on: &router)
        router.get("/favicon.ico") { _ in try HTTPResponse.redirect(toPath: staticFiles.fingerprintedPath(for: "favicon.svg"), status: .movedPermanently) }
        router.get("/robots.txt") { _ in HTTPResponse.text("User-agent: *\nDisallow: /\n") }
    }
}
