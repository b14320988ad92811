import Crypto
import Domain
import Storage
import TemplateEngine
import Time
import Web

/// `/mfa/enrol`: forced enrolment during sign-in, when the `mfa` setting is `always` and the user whose
/// password was right has no authenticator yet.
///
/// Only a pending cookie carrying the enrolment marker opens it, and the user must still have no
/// confirmed device when the code arrives: someone who knows only the password of a user who has an
/// authenticator can never add their own here. A correct first code confirms the device and starts a
/// `password+totp` session in the same transaction; the recovery codes are shown once, then the user
/// continues to `return_to`.
struct MFAEnrolmentPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        guard let (_, user, device) = try pendingEnrolment(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo))
        }
        return try showForm(request, device: device, email: user.email, returnTo: returnTo)
    }

    /// Offloaded: it confirms the device, stores the recovery codes and starts the session together.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = MFAConfirmationForm(try request.form())
        guard let (pending, user, device) = try pendingEnrolment(request), form.deviceID == device.id else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: form.returnTo))
        }
        try authentication.admitCodeAttempt(by: user, request: request)
        let confirmed = try authentication.database.write { db -> ([String], SetCookie)? in
            guard try !MFAStore(db).hasConfirmedDevice(userID: user.id),
                let (_, codes) = try MFAEnrolment.confirm(
                    deviceID: device.id, code: form.code, userID: user.id, now: authentication.clock.epochSeconds,
                    secrets: authentication.totpSecrets, db: db)
            else { return nil }
            try authentication.codeAccepted(by: user, db: db)
            try authentication.audit(
                "mfa.enrol", actor: user.email, target: user.id, request: request, db: db,
                details: ["device_id": .number(Double(device.id)), "name": .string(device.name), "forced": .bool(true)])
            let session = try authentication.startSession(
                afterSecondFactorOf: pending, user: user, method: .passwordAndTOTP, request: request, db: db)
            return (codes, session)
        }
        guard let (codes, cookie) = confirmed else {
            try authentication.auditFailure(reason: "mfa_failed", email: user.email, userID: user.id, request: request)
            return try showForm(request, device: device, email: user.email, returnTo: form.returnTo, error: MFAEnrolment.wrongCode)
        }
        authentication.throttle.recordSuccess(account: user.email, address: request.remoteAddress)
        var response = try pages.page(
            "pages/recovery-codes", ["codes": codes.map(TemplateValue.string), "continuePath": form.returnTo])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response.settingCookie(cookie).settingCookie(authentication.cookies.cleared(SessionCookies.pendingMFA))
    }

    /// The active user the enrolment cookie names and their pending device, while they have no confirmed one.
    private func pendingEnrolment(_ request: Request) throws -> (PendingSignIn, User, MFADevice)? {
        guard
            let pending = PendingSignIn.decode(
                request.cookies[SessionCookies.pendingMFA], secret: authentication.secret, now: authentication.clock.epochSeconds),
            pending.mustEnrol
        else { return nil }
        return try authentication.database.read { db in
            guard let user = try UserStore(db).find(id: pending.userID), user.isActive else { return nil }
            let store = MFAStore(db)
            guard try !store.hasConfirmedDevice(userID: user.id),
                let device = try store.devices(userID: user.id).last(where: { !$0.isConfirmed })
            else { return nil }
            return (pending, user, device)
        }
    }

    private func showForm(_ request: Request, device: MFADevice, email: String, returnTo: String, error: String? = nil) throws
        -> HTTPResponse
    {
        var values = try MFAEnrolment.pageValues(device: device, account: email, secrets: authentication.totpSecrets)
        values["action"] = "/mfa/enrol"
        values["returnTo"] = .string(returnTo)
        values["cancelPath"] = "/login"
        values["forced"] = true
        if let error { values["error"] = .string(error) }
        return try pages.anonymousForm("pages/mfa-enrol", request: request, values)
    }
}
