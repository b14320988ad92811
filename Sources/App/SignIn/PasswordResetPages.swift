import Crypto
import Storage
import Time
import Web

/// `/reset-password?token=…`: sets a new password from a one-time link an admin passed on, and ends
/// every session of that user, since whoever knew the old password may hold one.
struct PasswordResetPages: Sendable {
    static let invalidLink = "This password reset link does not work: it was used already or expired. Ask an administrator for a new one."

    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        let token = try request.query["token"] ?? ""
        let userID =
            try Token.isWellFormed(token)
            ? authentication.database.read {
                try PasswordResetStore($0).userID(tokenHash: Token.hash(token), now: authentication.clock.epochSeconds)
            }
            : nil
        guard userID != nil else { throw HTTPError(.notFound, Self.invalidLink) }
        return try pages.anonymousForm("pages/reset-password", request: request, ["token": token])
    }

    /// Offloaded: scrypt and the writes run on the worker pool.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = PasswordResetForm(try request.form())
        guard Token.isWellFormed(form.token) else { throw HTTPError(.notFound, Self.invalidLink) }
        if let error = form.error {
            return try pages.anonymousForm("pages/reset-password", request: request, ["token": form.token, "error": error])
        }
        let passwordHash = authentication.hasher.hash(form.password)
        try authentication.database.write { db in
            let now = authentication.clock.epochSeconds
            guard let userID = try PasswordResetStore(db).consume(tokenHash: Token.hash(form.token), now: now),
                let user = try UserStore(db).find(id: userID)
            else { throw HTTPError(.notFound, Self.invalidLink) }
            try CredentialStore(db).setPasswordHash(userID: userID, hash: passwordHash, now: now)
            let ended = try SessionStore(db).revokeAllForUser(userID: userID, by: "password.reset", now: now)
            try authentication.audit(
                "password.reset", actor: user.email, target: userID, request: request, db: db,
                details: ["via": .string("reset_link"), "sessions_ended": .number(Double(ended))])
        }
        return try HTTPResponse.redirect(toPath: "/login?reset=done")
    }
}
