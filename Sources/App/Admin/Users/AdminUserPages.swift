import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/admin/users` and `/admin/users/:id`: admins find a user, see and end their sessions, set their
/// password, hand them a one-time reset link, reset their MFA, and disable or enable them.
///
/// Every change and its audit event commit in one transaction; every change that makes an old
/// credential worthless (new password, disabling) ends the user's sessions in that same transaction.
struct AdminUserPages: AdminResourcePages {
    static let resetLinkLifetimeSeconds = 24 * 60 * 60
    static let noSuchUser = "There is no user with that id."

    let pages: PageRenderer
    let authentication: Authentication
    /// The configured base URL: links an admin passes on are built from it, never from a request's `Host`.
    let baseURL: String

    // MARK: Pages

    func list(_ request: Request) throws -> HTTPResponse {
        let list = try AdminListQuery(request, path: "/admin/users", defaultSort: UserStore.Sort.email)
        let (page, guessed) = try authentication.database.read { db in
            let page = try UserStore(db).list(list.storeQuery)
            return (page, try SecondFactorFailureStore(db).flaggedUserIDs(among: page.items.map(\.id)))
        }
        let rows: [TemplateValue] = page.items.map { user in
            let row: TemplateObject = [
                "id": user.id, "email": user.email, "displayName": user.displayName, "status": user.status.rawValue,
                "isDisabled": user.status == .disabled, "isAdmin": user.isAdmin, "mfaGuessing": guessed.contains(user.id),
            ]
            return row.merging(user.source.templateValues).templateValue
        }
        var values: TemplateObject = ["users": rows, "hasUsers": !rows.isEmpty]
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try pages.page(
            "pages/admin-users", request: request,
            values.merging(list.templateValues(total: page.total)).merging(AdminSection.users.templateValues))
    }

    func show(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        var values = TemplateObject()
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try userPage(user, admin: admin, request: request, values)
    }

    // MARK: Sessions

    /// Offloaded.
    func endSession(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        guard let sessionID = request.parameters["sid"].flatMap({ Int64($0) }) else {
            throw HTTPError(.notFound, "This user has no active session with that number.")
        }
        let ended = try authentication.database.write { db in
            guard try SessionStore(db).revoke(id: sessionID, userID: user.id, by: admin.user.id, now: authentication.clock.epochSeconds)
            else { return false }
            try authentication.audit(
                "session.end", actor: admin.user.email, target: user.id, request: request, db: db,
                details: ["session_id": .number(Double(sessionID)), "by": .string("admin")])
            return true
        }
        guard ended else { throw HTTPError(.notFound, "This user has no active session with that number.") }
        return try back(to: user, done: "session-ended")
    }

    /// Offloaded. Only with `confirm=yes`; without it, asks first (see `Confirmation`).
    func endAllSessions(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        guard Confirmation.isConfirmed(try request.form()) else {
            return try endAllSessionsConfirmation(user).response(pages, request: request)
        }
        try authentication.recordChange("session.end", by: admin, target: user.id, request: request) { db in
            let count = try SessionStore(db).revokeAllForUser(userID: user.id, by: admin.user.id, now: authentication.clock.epochSeconds)
            return ["scope": .string("all"), "count": .number(Double(count)), "by": .string("admin")]
        }
        return try back(to: user, done: "sessions-ended")
    }

    // MARK: Password

    /// Offloaded: scrypt runs on the worker pool. Ends every session of the user, since whoever knew
    /// the old password may hold one.
    func setPassword(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        let form = AdminPasswordForm(try request.form())
        if let error = form.error {
            return try userPage(user, admin: admin, request: request, ["passwordError": error], status: .unprocessableContent)
        }
        let passwordHash = authentication.hasher.hash(form.password)
        try authentication.database.write { db in
            let now = authentication.clock.epochSeconds
            try CredentialStore(db).setPasswordHash(userID: user.id, hash: passwordHash, now: now)
            let ended = try SessionStore(db).revokeAllForUser(userID: user.id, by: admin.user.id, now: now)
            try authentication.audit(
                "password.set", actor: admin.user.email, target: user.id, request: request, db: db,
                details: ["by": .string("admin"), "sessions_ended": .number(Double(ended))])
        }
        return try back(to: user, done: "password-set")
    }

    /// Offloaded. Answers with the page itself rather than a redirect: the link appears in this one
    /// response (never cached, never in a URL or a log) and only its token's hash is stored.
    func createResetLink(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        let token = Token.generate()
        try authentication.database.write { db in
            try PasswordResetStore(db).create(
                tokenHash: Token.hash(token), userID: user.id, createdAt: authentication.clock.epochSeconds,
                lifetimeSeconds: Self.resetLinkLifetimeSeconds)
            try authentication.audit(
                "password.reset_link", actor: admin.user.email, target: user.id, request: request, db: db,
                details: ["lifetime_seconds": .number(Double(Self.resetLinkLifetimeSeconds))])
        }
        let link = baseURL + "/reset-password?token=" + token
        var response = try userPage(
            user, admin: admin, request: request,
            [
                "resetLink": link,
                "flash": TemplateValue.flash("A reset link was created. It is shown only now."),
            ])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    // MARK: MFA

    /// Offloaded. Removes every authenticator and recovery code; under `mfa=always` the user enrols again
    /// at their next sign-in. Only with `confirm=yes`; without it, asks first.
    func resetMFA(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        guard Confirmation.isConfirmed(try request.form()) else { return try resetMFAConfirmation(user).response(pages, request: request) }
        try authentication.recordChange("mfa.reset", by: admin, target: user.id, request: request) { db in
            [
                "devices_removed": .number(Double(try MFAStore(db).deleteAll(userID: user.id))),
                "security_keys_removed": .number(Double(try WebAuthnStore(db).deleteAll(userID: user.id))),
            ]
        }
        return try back(to: user, done: "mfa-reset")
    }

    /// Offloaded. Clears the guessing flag and the count of wrong codes, once the admin has acted on it.
    func dismissGuessing(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        try authentication.recordChange("mfa.guessing.dismiss", by: admin, target: user.id, request: request) { db in
            ["was_flagged": .bool(try SecondFactorFailureStore(db).dismiss(userID: user.id))]
        }
        return try back(to: user, done: "guessing-dismissed")
    }

    // MARK: Status

    /// Offloaded. The user's sessions end in the same transaction, so no request after the commit is
    /// served to them. An admin cannot disable themselves (that would lock the door behind them). Only with
    /// `confirm=yes`; without it, asks first.
    func disable(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try disablableUser(request)
        guard Confirmation.isConfirmed(try request.form()) else { return try disableConfirmation(user).response(pages, request: request) }
        try authentication.recordChange("user.disable", by: admin, target: user.id, request: request) { db in
            try setStatus(.disabled, of: user, db: db)
            let ended = try SessionStore(db).revokeAllForUser(userID: user.id, by: admin.user.id, now: authentication.clock.epochSeconds)
            return ["sessions_ended": .number(Double(ended))]
        }
        return try back(to: user, done: "disabled")
    }

    /// Offloaded.
    func enable(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let user = try findUser(request)
        try authentication.recordChange("user.enable", by: admin, target: user.id, request: request, details: [:]) { db in
            try setStatus(.active, of: user, db: db)
        }
        return try back(to: user, done: "enabled")
    }

    /// Sets the status on the stored user as it is now, not as it was when the page read it. A provisioned
    /// user's status is the `active` value their identity provider sends, so it is refused here.
    private func setStatus(_ status: User.Status, of user: User, db: Connection) throws {
        guard var current = try UserStore(db).find(id: user.id) else { throw HTTPError(.notFound, Self.noSuchUser) }
        guard !current.source.isProviderOwned else {
            throw DirectorySource.providerOwns(
                "this user", "their status follows the active value it sends, so disable or enable them there.")
        }
        current.status = status
        try UserStore(db).update(current)
    }

    // MARK: Shared steps

    func findUser(_ request: Request) throws -> User {
        guard let id = request.parameters["id"],
            let user = try authentication.database.read({ try UserStore($0).find(id: id) })
        else { throw HTTPError(.notFound, Self.noSuchUser) }
        return user
    }

    private func userPage(
        _ user: User, admin: SignedInUser, request: Request, _ extra: TemplateObject, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let now = authentication.clock.epochSeconds
        let (sessions, devices, hasPassword, guessing) = try authentication.database.read { db in
            (
                try SessionStore(db).list(userID: user.id, now: now), try MFAStore(db).devices(userID: user.id).filter(\.isConfirmed).count,
                try CredentialStore(db).passwordHash(userID: user.id) != nil, try SecondFactorFailureStore(db).flag(userID: user.id)
            )
        }
        let securityKeys = try SecurityKeyOverview(userID: user.id, database: authentication.database)
        let rows: [TemplateValue] = sessions.map(\.templateRow.templateValue)
        let values: TemplateObject = [
            "user":
                ([
                    "id": user.id, "email": user.email, "displayName": user.displayName, "givenName": user.givenName,
                    "familyName": user.familyName, "status": user.status.rawValue, "isDisabled": user.status == .disabled,
                    "isAdmin": user.isAdmin, "contactEmail": Self.distinctContactEmail(of: user).templateValue,
                    "attributes": user.attributes.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] as TemplateObject },
                    "hasAttributes": !user.attributes.isEmpty,
                ] as TemplateObject).merging(user.source.templateValues),
            "isSelf": user.id == admin.user.id,
            "sessions": rows, "hasSessions": !rows.isEmpty,
            "mfaDevices": devices, "hasMFA": devices > 0 || !securityKeys.keys.isEmpty, "hasPassword": hasPassword,
            "minimumPasswordLength": NewPassword.minimumLength,
            "guessing": guessing.map { flag -> TemplateValue in
                (["failures": flag.failures, "since": DurationText.moment(flag.flaggedAt), "last": DurationText.moment(flag.lastFailureAt)]
                    as TemplateObject).templateValue
            } ?? false,
        ]
        let directory = try directoryValues(of: user)
        return try pages.page(
            "pages/admin-user", request: request,
            values.merging(securityKeys.templateValues).merging(directory).merging(AdminSection.users.templateValues).merging(extra),
            status: status)
    }

    /// The address an identity provider gave beside the sign-in name, when it is another one (an Entra
    /// guest's `…#EXT#@…` name and their real address); nil when they are the same or there is none.
    private static func distinctContactEmail(of user: User) -> String? {
        guard let contact = user.contactEmail, contact.lowercased() != user.email.lowercased() else { return nil }
        return contact
    }

    func back(to user: User, done: String) throws -> HTTPResponse {
        try AdminSection.users.back(to: user.id, done: done)
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "session-ended": "The session was ended."
        case "sessions-ended": "All of this user's sessions were ended."
        case "password-set": "The password was set and the user's sessions were ended."
        case "mfa-reset": "Two-step verification was reset: the user's authenticators, security keys and recovery codes were removed."
        case "guessing-dismissed": "The warning was dismissed and the count of wrong codes starts afresh."
        case "disabled": "The user was disabled and their sessions were ended."
        case "enabled": "The user was enabled."
        case "created": "The user was created. Set a password or create a reset link for them below."
        case "updated": "The user's details were saved."
        case "deleted": "The user was deleted."
        default: nil
        }
    }
}
