import Crypto
import Storage
import TemplateEngine
import Web

/// `/me/password`: a signed-in user sets a new password, behind `RequireRecentVerification`.
///
/// Every other session of the user ends, since whoever knew the old password may hold one; this one
/// stays. Outstanding reset links end with the change (a trigger in the schema).
struct OwnPasswordPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        try form(request)
    }

    /// Offloaded: scrypt runs here.
    func submit(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let fields = try request.form()
        let password = fields["password"] ?? ""
        if let problem = NewPassword.problem(password, confirmation: fields["password_confirmation"] ?? "") {
            return try form(request, error: problem, status: .unprocessableContent)
        }
        let hash = authentication.hasher.hash(password)
        let user = signedIn.user
        try authentication.database.write { db in
            let now = authentication.clock.epochSeconds
            try CredentialStore(db).setPasswordHash(userID: user.id, hash: hash, now: now)
            let ended = try SessionStore(db).revokeAll(userID: user.id, except: signedIn.session.id, by: "password.change", now: now)
            try authentication.audit(
                "password.change", actor: user.email, target: user.id, request: request, db: db,
                details: ["other_sessions_ended": .number(Double(ended))])
        }
        return try HTTPResponse.redirect(toPath: "/me/password?done=1")
    }

    private func form(_ request: Request, error: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        var values: TemplateObject = ["minimumPasswordLength": NewPassword.minimumLength]
        if let error { values["error"] = .string(error) }
        if try request.query["done"] == "1" {
            values["flash"] = .flash("Your password was changed. Your other sessions were signed out.")
        }
        return try pages.page("pages/own-password", request: request, values, status: status)
    }
}
