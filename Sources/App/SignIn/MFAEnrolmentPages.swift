import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/mfa/enrol`: forced enrolment during sign-in, when the `mfa` setting is `always` or a group's rule requires a
/// second factor, and the user whose first factor was right has none the rules accept yet.
///
/// Only a pending cookie carrying the enrolment marker opens it, and the user must still have no second factor
/// at all when the answer arrives, or have just proved the one they have (a code, where their group now wants a
/// security key): someone who knows only the password of a user who has an authenticator can never add their
/// own here. A correct first code confirms the app, or a security key's answer registers it, and starts the
/// session in the same transaction. A member of a group that accepts only phishing-resistant factors is offered
/// security keys alone.
struct MFAEnrolmentPages: Sendable {
    static let securityKeyRequired =
        "Your organisation requires a security key or passkey for your account; an authenticator app is not enough."

    let pages: PageRenderer
    let authentication: Authentication
    let securityKeys: SecurityKeys
    let scriptPath: String

    /// A sign-in waiting on enrolment: whose, what they have and may add, and the app being set up, if any.
    private struct Enrolment {
        var pending: PendingSignIn
        var user: User
        var state: SecondFactorState
        var device: MFADevice?
    }

    func show(_ request: Request) throws -> HTTPResponse {
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        guard let enrolment = try pendingEnrolment(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: returnTo))
        }
        return try showForm(request, enrolment, returnTo: returnTo)
    }

    /// An authenticator app's first code. Offloaded: it confirms the device, stores the recovery codes and starts
    /// the session together.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = MFAConfirmationForm(try request.form())
        guard let enrolment = try pendingEnrolment(request), let device = enrolment.device, form.deviceID == device.id else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: form.returnTo))
        }
        let (pending, user) = (enrolment.pending, enrolment.user)
        try authentication.admitCodeAttempt(by: user, request: request)
        let confirmed = try authentication.database.write { db -> ([String], SetCookie)? in
            guard try Self.mayEnrol(pending, state: SecondFactorState(userID: user.id, db: db)),
                let (_, codes) = try MFAEnrolment.confirm(
                    deviceID: device.id, code: form.code, userID: user.id, now: authentication.clock.epochSeconds,
                    secrets: authentication.totpSecrets, db: db)
            else { return nil }
            try authentication.codeAccepted(by: user, request: request, db: db)
            try authentication.audit(
                "mfa.enrol", actor: user.email, target: user.id, request: request, db: db,
                details: ["device_id": .number(Double(device.id)), "name": .string(device.name), "forced": .bool(true)])
            let session = try authentication.startSession(
                afterSecondFactorOf: pending, user: user, method: .passwordAndTOTP, request: request, db: db)
            return (codes, session)
        }
        guard let (codes, cookie) = confirmed else {
            try authentication.auditFailure(reason: "mfa_failed", email: user.email, userID: user.id, request: request)
            return try showForm(request, enrolment, returnTo: form.returnTo, error: MFAEnrolment.wrongCode)
        }
        return try signedIn(request, user: user, session: cookie, recoveryCodes: codes, returnTo: form.returnTo)
    }

    /// A new security key's answer. Offloaded: it stores the key (and, for a first factor where codes count,
    /// recovery codes) and starts the session together.
    func submitSecurityKey(_ request: Request) throws -> HTTPResponse {
        let form = SecurityKeyForm(try request.form())
        guard let enrolment = try pendingEnrolment(request) else {
            return try HTTPResponse.redirect(toPath: ReturnPath.signInPath(returningTo: form.returnTo))
        }
        let (pending, user) = (enrolment.pending, enrolment.user)
        // The name is checked before the attempt is counted: a refused name is no answer from the key.
        let name = form.name.isEmpty ? MFAEnrolment.firstSecurityKeyName : form.name
        if let problem = WebAuthnCredential.nameProblem(name) {
            return try showForm(request, enrolment, returnTo: form.returnTo, error: "The security key's name \(problem).")
        }
        try authentication.admitCodeAttempt(by: user, request: request)
        let outcome = try authentication.database.write { db -> Result<([String], SetCookie), SecurityKeys.Refusal> in
            let state = try SecondFactorState(userID: user.id, db: db)
            guard Self.mayEnrol(pending, state: state) else { return .failure(.staleChallenge) }
            switch try securityKeys.register(form, user: user, name: name, db: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let credential):
                try authentication.codeAccepted(by: user, request: request, db: db)
                try authentication.audit(
                    "mfa.webauthn.register", actor: user.email, target: user.id, request: request, db: db,
                    details: MFAEnrolment.auditDetails(credential).merging(["forced": .bool(true)]) { $1 })
                let codes = state.acceptsCodes && !state.hasAnyFactor ? try MFAEnrolment.replaceRecoveryCodes(userID: user.id, db: db) : []
                let session = try authentication.startSession(
                    afterSecondFactorOf: pending, user: user, method: .passwordAndSecurityKey, request: request, db: db,
                    extraDetails: ["security_key": .string(credential.name)])
                return .success((codes, session))
            }
        }
        switch outcome {
        case .failure(let refusal):
            try authentication.auditSecurityKeyRefusal(refusal, user: user, request: request)
            return try showForm(request, enrolment, returnTo: form.returnTo, error: refusal.message)
        case .success(let (codes, cookie)):
            return try signedIn(request, user: user, session: cookie, recoveryCodes: codes, returnTo: form.returnTo)
        }
    }

    private func signedIn(_ request: Request, user: User, session: SetCookie, recoveryCodes: [String], returnTo: String) throws
        -> HTTPResponse
    {
        let cleared = authentication.cookies.cleared(SessionCookies.pendingMFA)
        guard !recoveryCodes.isEmpty else {
            return try HTTPResponse.redirect(toPath: returnTo).settingCookie(session).settingCookie(cleared)
        }
        var response = try pages.page(
            "pages/recovery-codes", ["codes": recoveryCodes.map(TemplateValue.string), "continuePath": returnTo])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response.settingCookie(session).settingCookie(cleared)
    }

    /// Whether the pending sign-in may still add a factor: the user has none at all, or proved the one they have
    /// in this sign-in and it is one their groups no longer accept.
    private static func mayEnrol(_ pending: PendingSignIn, state: SecondFactorState) -> Bool {
        state.mustEnrol && (!state.hasAnyFactor || pending.secondFactorVerified)
    }

    /// The active user the enrolment cookie names, while they may still enrol, with the app being set up.
    private func pendingEnrolment(_ request: Request) throws -> Enrolment? {
        guard
            let pending = PendingSignIn.decode(
                request.cookies[SessionCookies.pendingMFA], secret: authentication.secret, now: authentication.clock.epochSeconds),
            pending.mustEnrol
        else { return nil }
        return try authentication.database.read { db in
            guard let user = try UserStore(db).find(id: pending.userID), user.isActive else { return nil }
            let state = try SecondFactorState(userID: user.id, db: db)
            guard Self.mayEnrol(pending, state: state) else { return nil }
            let device = state.acceptsCodes ? try MFAStore(db).devices(userID: user.id).last(where: { !$0.isConfirmed }) : nil
            return Enrolment(pending: pending, user: user, state: state, device: device)
        }
    }

    private func showForm(_ request: Request, _ enrolment: Enrolment, returnTo: String, error: String? = nil) throws -> HTTPResponse {
        var values: TemplateObject = [
            "action": "/mfa/enrol", "securityKeyAction": "/mfa/enrol/security-key", "returnTo": returnTo,
            "cancelPath": "/login", "forced": true, "scriptPath": scriptPath,
            "securityKeyOnly": enrolment.device == nil, "securityKeyName": MFAEnrolment.firstSecurityKeyName,
        ]
        if let device = enrolment.device {
            values = values.merging(
                try MFAEnrolment.pageValues(device: device, account: enrolment.user.email, secrets: authentication.totpSecrets))
        }
        let existing = try authentication.database.read { try WebAuthnStore($0).credentials(userID: enrolment.user.id) }
        values = values.merging(securityKeys.registrationValues(user: enrolment.user, existing: existing))
        if let error { values["error"] = .string(error) }
        var response = try pages.anonymousForm("pages/mfa-enrol", request: request, values)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
