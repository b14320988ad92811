import Domain
import Storage
import TemplateEngine
import Time
import Web

/// `/me/sessions`: the signed-in user's own sessions, with ways to end one or all the others.
struct SessionPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    func list(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let now = authentication.clock.epochSeconds
        let sessions = try authentication.database.read { try SessionStore($0).list(userID: signedIn.user.id, now: now) }
        let rows: [TemplateValue] = sessions.map { session in
            var row = session.templateRow
            row["isCurrent"] = .bool(session.id == signedIn.session.id)
            return row.templateValue
        }
        var values: TemplateObject = ["sessions": rows, "hasOthers": sessions.count > 1]
        switch try request.query["ended"] {
        case "one": values["flash"] = .flash("The session was ended.")
        case "others": values["flash"] = .flash("All your other sessions were ended.")
        default: break
        }
        return try pages.page("pages/sessions", request: request, values)
    }

    /// Offloaded. Ending the current session is signing out.
    func end(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else {
            throw HTTPError(.notFound, "You have no active session with that number.")
        }
        let isCurrent = id == signedIn.session.id
        let ended = try authentication.database.write { db in
            guard
                try SessionStore(db).revoke(id: id, userID: signedIn.user.id, by: signedIn.user.id, now: authentication.clock.epochSeconds)
            else { return false }
            try authentication.audit(
                isCurrent ? "auth.signout" : "session.end", actor: signedIn.user.email, target: signedIn.user.id, request: request,
                db: db, details: ["session_id": .number(Double(id)), "by": .string("user")])
            return true
        }
        guard ended else { throw HTTPError(.notFound, "You have no active session with that number.") }
        if isCurrent {
            return try HTTPResponse.redirect(toPath: "/login").settingCookie(authentication.cookies.cleared(SessionCookies.session))
        }
        return try HTTPResponse.redirect(toPath: "/me/sessions?ended=one")
    }

    /// Asks before ending every other session (see `Confirmation`).
    func confirmEndOthers(_ request: Request) throws -> HTTPResponse {
        try endOthersConfirmation(try request.signedInUser()).response(pages, request: request)
    }

    /// Offloaded. Keeps the session making the request. Only with `confirm=yes`; without it, asks first.
    func endOthers(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        guard Confirmation.isConfirmed(try request.form()) else {
            return try endOthersConfirmation(signedIn).response(pages, request: request)
        }
        try authentication.database.write { db in
            let count = try SessionStore(db).revokeAll(
                userID: signedIn.user.id, except: signedIn.session.id, by: signedIn.user.id, now: authentication.clock.epochSeconds)
            try authentication.audit(
                "session.end", actor: signedIn.user.email, target: signedIn.user.id, request: request, db: db,
                details: ["scope": .string("others"), "count": .number(Double(count)), "by": .string("user")])
        }
        return try HTTPResponse.redirect(toPath: "/me/sessions?ended=others")
    }

    private func endOthersConfirmation(_ signedIn: SignedInUser) throws -> Confirmation {
        let now = authentication.clock.epochSeconds
        let others = try authentication.database.read { try SessionStore($0).list(userID: signedIn.user.id, now: now) }
            .filter { $0.id != signedIn.session.id }.count
        return Confirmation(
            title: "End your other sessions?",
            effects: [
                "Ends \(Confirmation.counted(others, "other session", "other sessions")) at once: every other browser and command line "
                    + "signed in as you must sign in again.",
                "This browser stays signed in.",
            ],
            action: "/me/sessions/end-others", button: "End other sessions", cancelPath: "/me/sessions", section: nil)
    }
}
