import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/mfa`: the second step of sign-in: a security key or passkey, or a code from the user's authenticator app
/// or one of their recovery codes, as the user's groups allow.
///
/// Only a visitor holding a valid pending cookie (the first factor was right, less than five minutes ago)
/// sees the page. Every attempt passes the login throttle (email and address) and the account's own
/// second-factor limit, which no new sign-in resets. A code succeeds once (`SecondFactorCheck`), a key's
/// answer once (its challenge is recorded and its counter must move forwards). For a member of a group that
/// accepts only phishing-resistant factors, a code never starts a session: it is refused when they have a key,
/// and when they have none yet it only leads on to adding one.
struct MFAStepPages: Sendable {
    static let invalidCode = "That code is not valid. Enter the current code from your authenticator app, or one of your recovery codes."
    static let codesRefused =
        "Your organisation requires a security key or passkey for your account, so codes are not accepted. Use your security key."

    let pages: PageRenderer
    let authentication: Authentication
    let securityKeys: SecurityKeys
    let scriptPath: String

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        guard let (_, user) = try pendingUser(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo))
        }
        return try page(request, user: user, returnTo: returnTo)
    }

    /// A code. Offloaded: it writes the used step or recovery code together with the new session.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = try request.form()
        let returnTo = ReturnPath.sanitized(form["return_to"])
        guard let (pending, user) = try pendingUser(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo))
        }
        try authentication.admitCodeAttempt(by: user, request: request)

        let code = form["code"] ?? ""
        enum Outcome {
            case refused(String, reason: String)
            case session(SetCookie, credentials: String)
            case addSecurityKey
        }
        let outcome = try authentication.database.write { db -> Outcome in
            let state = try SecondFactorState(userID: user.id, db: db)
            if !state.acceptsCodes && state.hasSecurityKey { return .refused(Self.codesRefused, reason: "phishing_resistant_required") }
            guard let method = try SecondFactorCheck(authentication: authentication).accept(code, userID: user.id, db: db) else {
                return .refused(Self.invalidCode, reason: "mfa_failed")
            }
            try authentication.codeAccepted(by: user, request: request, db: db)
            if !state.acceptsCodes { return .addSecurityKey }
            let session = try authentication.startSession(
                afterSecondFactorOf: pending, user: user, method: method, request: request, db: db)
            return .session(session, credentials: try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db))
        }
        switch outcome {
        case .refused(let message, let reason):
            try authentication.auditFailure(reason: reason, email: user.email, userID: user.id, request: request)
            return try page(request, user: user, returnTo: returnTo, error: message)
        case .addSecurityKey:
            return try authentication.enrolmentRedirect(
                for: user, returnTo: returnTo, identityProviderID: pending.identityProviderID, secondFactorVerified: true)
        case .session(let cookie, let credentials):
            return try signedIn(request, user: user, session: cookie, credentials: credentials, returnTo: returnTo)
        }
    }

    /// A security key's answer. Offloaded: it records the answered challenge and the key's counter with the session.
    func submitSecurityKey(_ request: Request) throws -> HTTPResponse {
        let form = SecurityKeyForm(try request.form())
        guard let (pending, user) = try pendingUser(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: form.returnTo))
        }
        try authentication.admitCodeAttempt(by: user, request: request)
        let outcome = try authentication.database.write { db -> Result<(SetCookie, String), SecurityKeys.Refusal> in
            switch try securityKeys.authenticate(form, purpose: .secondFactor, userID: user.id, db: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let (credential, _)):
                try authentication.codeAccepted(by: user, request: request, db: db)
                let session = try authentication.startSession(
                    afterSecondFactorOf: pending, user: user, method: .passwordAndSecurityKey, request: request, db: db,
                    extraDetails: ["security_key": .string(credential.name)])
                return .success((session, try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db)))
            }
        }
        switch outcome {
        case .failure(let refusal):
            try authentication.auditSecurityKeyRefusal(refusal, user: user, request: request)
            return try page(request, user: user, returnTo: form.returnTo, error: refusal.message)
        case .success(let (cookie, credentials)):
            return try signedIn(request, user: user, session: cookie, credentials: credentials, returnTo: form.returnTo)
        }
    }

    private func signedIn(_ request: Request, user: User, session: SetCookie, credentials: String, returnTo: String) throws -> HTTPResponse
    {
        let knownBrowser = KnownBrowserCookie(userID: user.id, now: authentication.clock.epochSeconds)
        return try HTTPResponse.redirect(toPath: returnTo)
            .settingCookie(session)
            .settingCookie(authentication.cookies.cleared(SessionCookies.pendingMFA))
            .settingCookie(
                authentication.cookies.knownBrowser(knownBrowser.cookieValue(secret: authentication.secret, credentials: credentials)))
    }

    private func page(_ request: Request, user: User, returnTo: String, error: String? = nil, status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        let (state, keys) = try authentication.database.read { db in
            (try SecondFactorState(userID: user.id, db: db), try WebAuthnStore(db).credentials(userID: user.id))
        }
        // Recovery codes stand in for a lost key too, so the code form stays wherever codes count.
        let codeLeadsToSecurityKey = !state.acceptsCodes && !state.hasSecurityKey
        var values: TemplateObject = [
            "returnTo": returnTo, "scriptPath": scriptPath, "hasSecurityKey": state.hasSecurityKey,
            "acceptsCodes": state.acceptsCodes || codeLeadsToSecurityKey, "codeLeadsToSecurityKey": codeLeadsToSecurityKey,
        ]
        if state.hasSecurityKey {
            values = values.merging(securityKeys.assertionValues(purpose: .secondFactor, userID: user.id, credentials: keys))
        }
        if let error { values["error"] = .string(error) }
        var response = try pages.anonymousForm("pages/mfa", request: request, values, status: status)
        // The page carries a one-time challenge: a copy from the back button or a cache would be stale.
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// The pending code step and its active user; an enrolment cookie does not open it (that user has nothing to ask).
    private func pendingUser(_ request: Request) throws -> (PendingSignIn, User)? {
        guard
            let pending = PendingSignIn.decode(
                request.cookies[SessionCookies.pendingMFA], secret: authentication.secret, now: authentication.clock.epochSeconds),
            !pending.mustEnrol
        else { return nil }
        guard let user = try authentication.database.read({ try UserStore($0).find(id: pending.userID) }), user.isActive else {
            return nil
        }
        return (pending, user)
    }
}
