import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/mfa`: the second step of sign-in, a code from the user's authenticator or one of their recovery codes.
///
/// Only a visitor holding a valid pending cookie (the password was right, less than five minutes ago)
/// sees the form. Every attempt passes the login throttle (email and address) and the account's own
/// second-factor limit, which no new sign-in resets, and a success needs `MFAStore` to accept the code
/// once: a TOTP step already used, or a recovery code already spent, is refused.
struct MFAStepPages: Sendable {
    static let invalidCode = "That code is not valid. Enter the current code from your authenticator app, or one of your recovery codes."

    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        guard pending(request) != nil else { return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo)) }
        return try pages.anonymousForm("pages/mfa", request: request, ["returnTo": returnTo])
    }

    /// Offloaded: it writes the used step or recovery code together with the new session.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = try request.form()
        let returnTo = ReturnPath.sanitized(form["return_to"])
        guard let pending = pending(request),
            let user = try authentication.database.read({ try UserStore($0).find(id: pending.userID) }), user.isActive
        else { return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo)) }

        try authentication.admitCodeAttempt(by: user, request: request)

        let code = form["code"] ?? ""
        let accepted = try authentication.database.write { db -> (session: SetCookie, credentials: String)? in
            guard let method = try SecondFactorCheck(authentication: authentication).accept(code, userID: user.id, db: db) else {
                return nil
            }
            try authentication.codeAccepted(by: user, db: db)
            let session = try authentication.startSession(
                afterSecondFactorOf: pending, user: user, method: method, request: request, db: db)
            return (session, try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db))
        }
        guard let (cookie, credentials) = accepted else {
            try authentication.auditFailure(reason: "mfa_failed", email: user.email, userID: user.id, request: request)
            return try pages.anonymousForm("pages/mfa", request: request, ["returnTo": returnTo, "error": Self.invalidCode])
        }
        authentication.throttle.recordSuccess(account: user.email, address: request.remoteAddress)
        let knownBrowser = KnownBrowserCookie(userID: user.id, now: authentication.clock.epochSeconds)
        return try HTTPResponse.redirect(toPath: returnTo)
            .settingCookie(cookie)
            .settingCookie(authentication.cookies.cleared(SessionCookies.pendingMFA))
            .settingCookie(
                authentication.cookies.knownBrowser(knownBrowser.cookieValue(secret: authentication.secret, credentials: credentials)))
    }

    /// The pending code step; an enrolment cookie does not open it (that user has no device to ask).
    private func pending(_ request: Request) -> PendingSignIn? {
        PendingSignIn.decode(
            request.cookies[SessionCookies.pendingMFA], secret: authentication.secret, now: authentication.clock.epochSeconds
        )
        .flatMap { $0.mustEnrol ? nil : $0 }
    }
}
