import Crypto
import Domain
import Storage
import TemplateEngine
import Time
import Web

/// `/setup?token=…`: the one-time page that creates the first admin and signs them in.
struct SetupPages: Sendable {
    static let invalidLink =
        "This setup link does not work: it was used already, it expired, or an admin exists. Restart Portico on an empty database to print a new one."

    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        let token = try request.query["token"] ?? ""
        let valid =
            try Token.isWellFormed(token)
            && authentication.database.read {
                try SetupTokenStore($0).isValid(tokenHash: Token.hash(token), now: authentication.clock.epochSeconds)
            }
        guard valid else { throw HTTPError(.notFound, Self.invalidLink) }
        return try pages.anonymousForm("pages/setup", request: request, ["token": token, "errors": TemplateObject()])
    }

    /// Offloaded: scrypt and the writes run on the worker pool.
    func submit(_ request: Request) throws -> HTTPResponse {
        let form = SetupForm(try request.form())
        guard Token.isWellFormed(form.token) else { throw HTTPError(.notFound, Self.invalidLink) }
        guard form.isValid else { return try pages.anonymousForm("pages/setup", request: request, form.templateValues) }
        let passwordHash = authentication.hasher.hash(form.password)
        let cookie = try authentication.database.write { db -> SetCookie in
            // Consuming first means two racing submissions cannot both create an admin.
            guard try SetupTokenStore(db).consume(tokenHash: Token.hash(form.token), now: authentication.clock.epochSeconds) else {
                throw HTTPError(.notFound, Self.invalidLink)
            }
            let admin = User(email: form.email, displayName: form.displayName, isAdmin: true)
            try UserStore(db).create(admin)
            try CredentialStore(db).setPasswordHash(userID: admin.id, hash: passwordHash, now: authentication.clock.epochSeconds)
            try authentication.audit(
                "auth.setup", actor: admin.email, target: admin.id, request: request, db: db, details: ["via": .string("setup_link")])
            return try authentication.startSession(for: admin, method: .password, request: request, db: db)
        }
        // The new admin lands on the getting-started checklist, not on an empty start page.
        return try HTTPResponse.redirect(toPath: "/admin").settingCookie(cookie)
    }
}
