import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Web

/// `/me/confirm`: "confirm it's you", the password or a second-factor code again before a change to how
/// one signs in (`RequireRecentVerification`).
///
/// Both go through the same limits as sign-in: the password through the login throttle, codes through the
/// account's second-factor limit, so this page is no side door for guessing either.
struct ConfirmIdentityPages: Sendable {
    static let wrongPassword = "That password is not right."

    let pages: PageRenderer
    let authentication: Authentication

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
            guard try authentication.database.write({ db in try acceptCode(code, user: user, db: db) }) else {
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
        try authentication.database.write { db in
            try SessionStore(db).markVerified(id: signedIn.session.id, now: authentication.clock.epochSeconds)
            try authentication.audit(
                "auth.reverify", actor: user.email, target: user.id, request: request, db: db,
                details: ["method": .string(method), "session_id": .number(Double(signedIn.session.id))])
        }
        return try HTTPResponse.redirect(toPath: returnTo)
    }

    /// Whether `code` is a current TOTP code or an unused recovery code of the user, using it up.
    private func acceptCode(_ code: String, user: User, db: Connection) throws -> Bool {
        guard try SecondFactorCheck(authentication: authentication).accept(code, userID: user.id, db: db) != nil else { return false }
        try authentication.codeAccepted(by: user, db: db)
        return true
    }

    private func reverifyFailed(_ reason: String, user: User, request: Request) throws {
        try authentication.auditFailure(reason: reason, email: user.email, userID: user.id, request: request, action: "auth.reverify")
    }

    private func page(
        _ request: Request, user: User, returnTo: String, passwordError: String? = nil, codeError: String? = nil,
        status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let (hasPassword, hasDevice) = try authentication.database.read { db in
            (try CredentialStore(db).passwordHash(userID: user.id) != nil, try MFAStore(db).hasConfirmedDevice(userID: user.id))
        }
        var values: TemplateObject = [
            "returnTo": returnTo, "hasPassword": hasPassword, "hasDevice": hasDevice, "hasNeither": !hasPassword && !hasDevice,
        ]
        if let passwordError { values["passwordError"] = .string(passwordError) }
        if let codeError { values["codeError"] = .string(codeError) }
        return try pages.page("pages/confirm-identity", request: request, values, status: status)
    }
}
