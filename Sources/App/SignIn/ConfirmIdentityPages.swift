import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/me/confirm`: "confirm it's you", the password, a second-factor code or a security key again before a change
/// to how one signs in (`RequireRecentVerification`).
///
/// Both go through the same limits as sign-in: the password through the login throttle, codes through the
/// account's second-factor limit, so this page is no side door for guessing either.
struct ConfirmIdentityPages: Sendable {
    static let wrongPassword = "That password is not right."

    let pages: PageRenderer
    let authentication: Authentication
    let securityKeys: SecurityKeys
    let scriptPath: String

    func show(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        return try page(request, user: signedIn.user, returnTo: ReturnPath.sanitized(try request.query["return_to"]))
    }

    /// Offloaded: scrypt runs here, and a success is written to the session.
    func submit(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let user = signedIn.user
        let form = try request.form()
        let returnTo = ReturnPath.sanitized(form["return_to"])
        let method: String
        if let code = form["code"] {
            try authentication.admitCodeAttempt(by: user, request: request)
            guard try authentication.database.write({ db in try acceptCode(code, user: user, request: request, db: db) }) else {
                try reverifyFailed("mfa_failed", user: user, request: request)
                return try page(request, user: user, returnTo: returnTo, codeError: MFAStepPages.invalidCode, status: .unprocessableContent)
            }
            method = "code"
        } else {
            try authentication.admitPasswordAttempt(account: user.email, userID: user.id, request: request, action: "auth.reverify")
            let storedHash = try authentication.database.read { try CredentialStore($0).passwordHash(userID: user.id) }
            guard authentication.checkPassword(form["password"] ?? "", storedHash: storedHash) else {
                try reverifyFailed("bad_password", user: user, request: request)
                return try page(request, user: user, returnTo: returnTo, passwordError: Self.wrongPassword, status: .unprocessableContent)
            }
            authentication.throttle.recordSuccess(account: user.email, address: request.remoteAddress)
            method = "password"
        }
        try authentication.database.write { db in try markVerified(signedIn, method: method, request: request, db: db) }
        return try HTTPResponse.redirect(toPath: returnTo)
    }

    /// A security key's answer. Offloaded: it records the answered challenge, the key's counter and the verification.
    func submitSecurityKey(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let user = signedIn.user
        let form = SecurityKeyForm(try request.form())
        try authentication.admitCodeAttempt(by: user, request: request)
        let outcome = try authentication.database.write { db -> SecurityKeys.Refusal? in
            switch try securityKeys.authenticate(form, purpose: .confirmation, userID: user.id, db: db) {
            case .failure(let refusal): return refusal
            case .success:
                try authentication.codeAccepted(by: user, request: request, db: db)
                try markVerified(signedIn, method: "security key", request: request, db: db)
                return nil
            }
        }
        if let refusal = outcome {
            try authentication.auditSecurityKeyRefusal(refusal, user: user, request: request, action: "auth.reverify")
            return try page(request, user: user, returnTo: form.returnTo, keyError: refusal.message, status: .unprocessableContent)
        }
        return try HTTPResponse.redirect(toPath: form.returnTo)
    }

    private func markVerified(_ signedIn: SignedInUser, method: String, request: Request, db: Connection) throws {
        try SessionStore(db).markVerified(id: signedIn.session.id, now: authentication.clock.epochSeconds)
        try authentication.audit(
            "auth.reverify", actor: signedIn.user.email, target: signedIn.user.id, request: request, db: db,
            details: ["method": .string(method), "session_id": .number(Double(signedIn.session.id))])
    }

    /// Whether `code` is a current TOTP code or an unused recovery code of the user, using it up.
    private func acceptCode(_ code: String, user: User, request: Request, db: Connection) throws -> Bool {
        guard try SecondFactorCheck(authentication: authentication).accept(code, userID: user.id, db: db) != nil else { return false }
        try authentication.codeAccepted(by: user, request: request, db: db)
        return true
    }

    private func reverifyFailed(_ reason: String, user: User, request: Request) throws {
        try authentication.auditFailure(reason: reason, email: user.email, userID: user.id, request: request, action: "auth.reverify")
    }

    private func page(
        _ request: Request, user: User, returnTo: String, passwordError: String? = nil, codeError: String? = nil,
        keyError: String? = nil, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let (hasPassword, hasDevice, keys) = try authentication.database.read { db in
            (
                try CredentialStore(db).passwordHash(userID: user.id) != nil, try MFAStore(db).hasConfirmedDevice(userID: user.id),
                try WebAuthnStore(db).credentials(userID: user.id)
            )
        }
        var values: TemplateObject = [
            "returnTo": returnTo, "hasPassword": hasPassword, "hasDevice": hasDevice, "hasSecurityKey": !keys.isEmpty,
            "hasNeither": !hasPassword && !hasDevice && keys.isEmpty, "scriptPath": scriptPath,
        ]
        if !keys.isEmpty {
            values = values.merging(securityKeys.assertionValues(purpose: .confirmation, userID: user.id, credentials: keys))
        }
        if let keyError { values["keyError"] = .string(keyError) }
        if let passwordError { values["passwordError"] = .string(passwordError) }
        if let codeError { values["codeError"] = .string(codeError) }
        return try pages.page("pages/confirm-identity", request: request, values, status: status)
    }
}
