import Crypto
import Domain
import Storage
import TemplateEngine
import Time
import Web

/// `/login` and `/logout`: the password step, the decision whether a second factor is needed, and sign-out.
struct SignInPages: Sendable {
    /// The one message for an unknown email, a wrong password and a disabled user, so the page never
    /// tells which addresses have accounts.
    static let incorrect = "Email or password is incorrect."

    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        if request.signedIn != nil { return try HTTPResponse.redirect(toPath: returnTo) }
        var values: TemplateObject = ["returnTo": returnTo]
        if try request.query["reset"] == "done" {
            values["flash"] = .flash("Your password was changed. Sign in with the new one.")
        }
        return try pages.anonymousForm("pages/login", request: request, values)
    }

    /// Offloaded: scrypt runs here, on the worker pool.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = SignInForm(try request.form())
        guard form.isComplete else { return try showForm(form, request: request, error: "Enter your email and password.") }
        try authentication.admitPasswordAttempt(account: form.email, request: request)

        let (user, storedHash) = try authentication.database.read { db in
            let user = try UserStore(db).find(email: form.email)
            return (user, try user.flatMap { try CredentialStore(db).passwordHash(userID: $0.id) })
        }
        let passwordMatches = authentication.checkPassword(form.password, storedHash: storedHash)
        guard let user, passwordMatches, user.isActive else {
            let reason = user == nil ? "unknown_user" : storedHash == nil ? "no_password" : !passwordMatches ? "bad_password" : "disabled"
            try authentication.auditFailure(reason: reason, email: form.email, userID: user?.id ?? "", request: request)
            return try showForm(form, request: request, error: Self.incorrect)
        }
        authentication.throttle.recordSuccess(account: form.email, address: request.remoteAddress)
        if let storedHash { try authentication.rehashIfWeaker(form.password, storedHash: storedHash, user: user, request: request) }

        let (mode, hasDevice, credentials) = try authentication.database.read { db in
            (
                try SettingsStore(db).mfaMode(), try MFAStore(db).hasConfirmedDevice(userID: user.id),
                try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db)
            )
        }
        // `new-device` lets a user with a device skip the code only in a browser that passed a second
        // factor for them in the last 30 days; `always` ignores that cookie and, without a device, sends
        // the user to enrol one before any session starts.
        if hasDevice, mode == .newDevice,
            KnownBrowserCookie.vouches(
                for: user.id, value: request.cookies[SessionCookies.knownBrowser], credentials: credentials,
                secret: authentication.secret, now: authentication.clock.epochSeconds)
        {
            let cookie = try authentication.database.write { db in
                try authentication.startSession(
                    for: user, method: .password, request: request, db: db, extraDetails: ["known_browser": .bool(true)])
            }
            return try HTTPResponse.redirect(toPath: form.returnTo).settingCookie(cookie)
        }
        if hasDevice {
            let pending = PendingSignIn(
                userID: user.id, expiresAt: authentication.clock.epochSeconds + Authentication.pendingMFASeconds)
            var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa", returningTo: form.returnTo))
            response.setCookie(
                authentication.cookies.pendingMFA(
                    pending.cookieValue(secret: authentication.secret), maxAge: Authentication.pendingMFASeconds))
            return response
        }
        if mode == .always {
            // No session without a second factor: the password only opens enrolment of a first device.
            try authentication.database.write { db in
                _ = try MFAEnrolment.begin(
                    userID: user.id, name: MFAEnrolment.firstDeviceName, now: authentication.clock.epochSeconds,
                    secrets: authentication.totpSecrets, db: db)
            }
            let pending = PendingSignIn(
                userID: user.id, expiresAt: authentication.clock.epochSeconds + Authentication.pendingEnrolmentSeconds, mustEnrol: true)
            var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa/enrol", returningTo: form.returnTo))
            response.setCookie(
                authentication.cookies.pendingMFA(
                    pending.cookieValue(secret: authentication.secret), maxAge: Authentication.pendingEnrolmentSeconds))
            return response
        }
        let cookie = try authentication.database.write { db in
            try authentication.startSession(for: user, method: .password, request: request, db: db)
        }
        return try HTTPResponse.redirect(toPath: form.returnTo).settingCookie(cookie)
    }

    /// Offloaded: it writes. A signed-out request never gets here (`CSRFMiddleware` sends it to sign in).
    func signOut(_ request: Request) throws -> HTTPResponse {
        if let signedIn = request.signedIn {
            try authentication.database.write { db in
                try SessionStore(db).revoke(
                    id: signedIn.session.id, userID: signedIn.user.id, by: "logout", now: authentication.clock.epochSeconds)
                try authentication.audit(
                    "auth.signout", actor: signedIn.user.email, target: signedIn.user.id, request: request, db: db,
                    details: ["session_id": .number(Double(signedIn.session.id))])
            }
        }
        return try HTTPResponse.redirect(toPath: "/login").settingCookie(authentication.cookies.cleared(SessionCookies.session))
    }

    private func showForm(_ form: SignInForm, request: Request, error: String) throws -> HTTPResponse {
        try pages.anonymousForm(
            "pages/login", request: request, ["email": form.email, "returnTo": form.returnTo, "error": error])
    }
}
