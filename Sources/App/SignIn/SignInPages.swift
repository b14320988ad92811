import Crypto
import Domain
import Storage
import TemplateEngine
import Time
import Web

/// `/login` and `/logout`: the password step, the decision whether a second factor is needed, signing in with
/// a passkey alone, and sign-out.
struct SignInPages: Sendable {
    /// The one message for an unknown email, a wrong password and a disabled user, so the page never
    /// tells which addresses have accounts.
    static let incorrect = "Email or password is incorrect."

    let pages: PageRenderer
    let authentication: Authentication
    let securityKeys: SecurityKeys
    let scriptPath: String

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        if request.signedIn != nil { return try HTTPResponse.redirect(toPath: returnTo) }
        var values: TemplateObject = ["returnTo": returnTo]
        if try request.query["reset"] == "done" {
            values["flash"] = .flash("Your password was changed. Sign in with the new one.")
        }
        return try loginPage(request, returnTo: returnTo, values)
    }

    /// The login page with `values`, the identity providers' buttons and a fresh passkey challenge; never
    /// cached, since the challenge is used once.
    private func loginPage(_ request: Request, returnTo: String, _ values: TemplateObject, status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        let passkey = securityKeys.assertionValues(purpose: .passkey, userID: "", credentials: [])
        var response = try pages.anonymousForm(
            "pages/login", request: request,
            values.merging(["returnTo": returnTo, "scriptPath": scriptPath]).merging(try providerValues(returnTo: returnTo))
                .merging(passkey),
            status: status)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// The "Sign in with …" buttons, one per identity provider, each coming back to `returnTo`.
    private func providerValues(returnTo: String) throws -> TemplateObject {
        let providers = try authentication.database.read { try IdentityProviderStore($0).list() }
        let buttons: [TemplateValue] = providers.map { provider in
            let link: TemplateObject = ["name": provider.name, "href": Self.providerPath(provider, returnTo: returnTo)]
            return link.templateValue
        }
        return ["providers": buttons, "hasProviders": !buttons.isEmpty]
    }

    static func providerPath(_ provider: IdentityProvider, returnTo: String) -> String {
        SAMLSignIn.prefix + "/" + provider.key + "/login" + QueryEncoding.query([("return_to", returnTo)])
    }

    /// Offloaded: scrypt runs here, on the worker pool.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = SignInForm(try request.form())
        // An address of a domain an identity provider serves goes there: always when its people may not use
        // a Portico password, and when no password was typed otherwise.
        if !form.email.isEmpty,
            let provider = try authentication.database.read({ try IdentityProviderStore($0).serving(email: form.email) }),
            !provider.allowsPasswordSignIn || form.password.isEmpty
        {
            return try HTTPResponse.redirect(toPath: Self.providerPath(provider, returnTo: form.returnTo))
        }
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

        return try authentication.continueSignIn(of: user, returnTo: form.returnTo, request: request)
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
        try loginPage(request, returnTo: form.returnTo, ["email": form.email, "error": error])
    }

    /// "Sign in with a passkey": a discoverable credential that verified its user is both factors, so the session
    /// starts at once, whatever the MFA setting and the user's groups ask. Offloaded: it writes the answered
    /// challenge, the key's counter and the session together.
    func submitPasskey(_ request: Request) throws -> HTTPResponse {
        let form = SecurityKeyForm(try request.form())
        let holder = try authentication.database.read { db -> (User, IdentityProvider?)? in
            guard let credentialID = form.credentialID, let credential = try WebAuthnStore(db).credential(credentialID: credentialID),
                let user = try UserStore(db).find(id: credential.userID)
            else { return nil }
            return (user, try IdentityProviderStore(db).serving(email: user.email))
        }
        guard let (user, provider) = holder, user.isActive else {
            try authentication.auditFailure(reason: SecurityKeys.Refusal.unknownKey.reason, email: "", request: request)
            return try loginPage(
                request, returnTo: form.returnTo, ["error": SecurityKeys.Refusal.unknownKey.message], status: .unprocessableContent)
        }
        // People whose organisation signs them in (and allows no Portico password) sign in there first.
        if let provider, !provider.allowsPasswordSignIn {
            return try HTTPResponse.redirect(toPath: Self.providerPath(provider, returnTo: form.returnTo))
        }
        try authentication.admitCodeAttempt(by: user, request: request)
        let outcome = try authentication.database.write { db -> Result<(SetCookie, String), SecurityKeys.Refusal> in
            switch try securityKeys.authenticate(form, purpose: .passkey, userID: nil, db: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let (credential, _)):
                try authentication.codeAccepted(by: user, request: request, db: db)
                let session = try authentication.startSession(
                    for: user, method: .passkey, request: request, db: db, extraDetails: ["security_key": .string(credential.name)])
                return .success((session, try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db)))
            }
        }
        switch outcome {
        case .failure(let refusal):
            try authentication.auditSecurityKeyRefusal(refusal, user: user, request: request)
            return try loginPage(request, returnTo: form.returnTo, ["error": refusal.message], status: .unprocessableContent)
        case .success(let (cookie, credentials)):
            let knownBrowser = KnownBrowserCookie(userID: user.id, now: authentication.clock.epochSeconds)
            return try HTTPResponse.redirect(toPath: form.returnTo)
                .settingCookie(cookie)
                .settingCookie(
                    authentication.cookies.knownBrowser(knownBrowser.cookieValue(secret: authentication.secret, credentials: credentials)))
        }
    }
}
