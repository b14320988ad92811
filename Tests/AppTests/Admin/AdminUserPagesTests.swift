import App
import Crypto
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/admin/users`: only admins get in; their actions end sessions, change credentials and are audited.
struct AdminUserPagesTests {
    static let users = """
        {"users": [
          {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-12", "admin": true},
          {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"}
        ]}
        """

    private func sessionIDs(_ html: String) -> [String] {
        html.matches(of: /action="\/admin\/users\/[0-9a-f-]+\/sessions\/(\d+)\/end"/).map { String($0.1) }
    }

    private func audit(_ app: PorticoApp, _ action: String) throws -> [AuditEvent] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: action)).items }
    }

    @Test func nonAdminsGet403AndSignedOutVisitorsSignInFirst() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            let alice = try DirectoryPages.alice(app)
            #expect(try alice.get("/admin/users").status == 403)
            #expect(try alice.get("/admin/users/\(id)").status == 403)
            let csrf = try #require(Browser.csrf(in: try alice.get("/me/sessions").text))
            #expect(try alice.post("/admin/users/\(id)/sessions/end-all", [("csrf", csrf)]).status == 403)
            #expect(try alice.post("/admin/users/\(id)/disable", [("csrf", csrf)]).status == 403)
            #expect(try alice.get("/me/sessions").status == 200)

            let visitor = Browser(port: app.server.port)
            let redirect = try visitor.get("/admin/users/\(id)")
            #expect(redirect.status == 303)
            #expect(redirect.header("Location") == "/login?return_to=/admin/users/\(id)")

            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/users/\(id)").status == 200)
            // A wrong CSRF field changes nothing.
            #expect(try root.post("/admin/users/\(id)/disable", [("csrf", "nope")]).status == 403)
            #expect(try app.database.read { try UserStore($0).find(id: id) }?.status == .active)
        }
    }

    @Test func listSearchesByEmailAndName() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let root = try DirectoryPages.root(app)
            let all = try root.get("/admin/users")
            #expect(all.status == 200)
            #expect(all.text.contains("alice@example.com") && all.text.contains("root@example.com"))
            let byName = try root.get("/admin/users?q=liddell")
            #expect(byName.text.contains("/admin/users/\(try app.userID("alice@example.com"))"))
            let rootID = try app.userID("root@example.com")
            #expect(!byName.text.contains("/admin/users/\(rootID)"))
            #expect(try root.get("/admin/users?q=nobody").text.contains("No user matches."))
        }
    }

    @Test func adminSeesAndEndsAnotherUsersSessions() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            let laptop = try DirectoryPages.alice(app)
            let phone = try DirectoryPages.alice(app)
            let tablet = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let page = try root.get("/admin/users/\(id)")
            #expect(page.text.contains("Firefox") && page.text.contains("127.0.0.1"))
            let ids = sessionIDs(page.text)
            #expect(ids.count == 3)
            let csrf = try #require(Browser.csrf(in: page.text))

            // Newest first: the tablet's session.
            let ended = try root.post("/admin/users/\(id)/sessions/\(ids[0])/end", [("csrf", csrf)])
            #expect(ended.status == 303)
            #expect(ended.header("Location") == "/admin/users/\(id)?done=session-ended")
            #expect(try root.get("/admin/users/\(id)?done=session-ended").text.contains("The session was ended."))
            #expect(try tablet.get("/me/sessions").status == 303)
            #expect(try laptop.get("/me/sessions").status == 200)

            let all = try root.post("/admin/users/\(id)/sessions/end-all", [("csrf", csrf), ("confirm", "yes")])
            #expect(all.status == 303)
            #expect(try laptop.get("/me/sessions").status == 303)
            #expect(try phone.get("/me/sessions").status == 303)
            #expect(sessionIDs(try root.get("/admin/users/\(id)").text).isEmpty)
            // The admin's own session is untouched.
            #expect(try root.get("/admin/users").status == 200)

            let events = try audit(app, "session.end")
            #expect(events.count == 2)
            #expect(events.allSatisfy { $0.actor == "root@example.com" && $0.target == id })
        }
    }

    @Test func settingAPasswordReplacesTheOldOneAndEndsSessions() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            let alice = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(id)").text))

            let short = try root.post(
                "/admin/users/\(id)/password", [("csrf", csrf), ("password", "short"), ("password_confirmation", "short")])
            #expect(short.status == 422)
            #expect(short.text.contains("at least 12 characters"))

            let set = try root.post(
                "/admin/users/\(id)/password",
                [("csrf", csrf), ("password", "brand-new-password-9"), ("password_confirmation", "brand-new-password-9")])
            #expect(set.status == 303)
            #expect(set.header("Location") == "/admin/users/\(id)?done=password-set")
            #expect(try alice.get("/me/sessions").status == 303)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status != 303)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "brand-new-password-9").status == 303)

            let events = try audit(app, "password.set")
            #expect(events.count == 1)
            #expect(events.first?.actor == "root@example.com")
            #expect(events.first?.target == id)
            #expect(events.first?.details.contains("brand-new") == false)
        }
    }

    @Test func resetLinkIsShownOnceAndWorksOnce() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            let root = try DirectoryPages.root(app)
            let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(id)").text))
            let created = try root.post("/admin/users/\(id)/reset-link", [("csrf", csrf)])
            #expect(created.status == 200)
            #expect(created.header("Cache-Control") == "no-store")
            let link = try #require(created.text.firstMatch(of: /<code id="reset-link">([^<]+)<\/code>/)).1
            #expect(link.hasPrefix(app.configuration.baseURL + "/reset-password?token="))
            let token = String(link.split(separator: "=").last ?? "")
            #expect(Token.isWellFormed(token))
            #expect(!(try root.get("/admin/users/\(id)").text.contains(token)))
            let stored = try app.database.read { db in
                try db.query("SELECT token_hash FROM password_reset_tokens").map { row -> String in try row["token_hash"] }
            }
            #expect(stored == [Token.hash(token)])

            let visitor = Browser(port: app.server.port)
            let path = "/reset-password?token=\(token)"
            #expect(try visitor.get(path).status == 200)
            let reset = try visitor.submit(
                path, to: "/reset-password",
                [("token", token), ("password", "reset-password-77"), ("password_confirmation", "reset-password-77")])
            #expect(reset.status == 303)
            #expect(try visitor.get(path).status == 404)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "reset-password-77").status == 303)

            let events = try audit(app, "password.reset_link")
            #expect(events.count == 1)
            #expect(events.first?.details.contains(token) == false)
        }
    }

    @Test func mfaResetRemovesDevicesSoSignInNoLongerAsksForACode() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            try app.addConfirmedDevice(for: "alice@example.com", recoveryCodes: ["code-one"])
            let asked = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
            #expect(asked.header("Location")?.hasPrefix("/mfa") == true)

            let root = try DirectoryPages.root(app)
            let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(id)").text))
            let reset = try root.post("/admin/users/\(id)/mfa/reset", [("csrf", csrf), ("confirm", "yes")])
            #expect(reset.status == 303)
            #expect(try app.database.read { try MFAStore($0).devices(userID: id) }.isEmpty)
            #expect(try app.database.read { try MFAStore($0).remainingRecoveryCodes(userID: id) } == 0)

            let direct = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
            #expect(direct.status == 303)
            #expect(direct.header("Location")?.hasPrefix("/mfa") == false)
            #expect(Browser.setCookie("portico_session", in: direct) != nil)
            let event = try #require(try audit(app, "mfa.reset").first)
            #expect(event.actor == "root@example.com")
            #expect(try DirectoryPages.details(event)["devices_removed"] as? Int == 1, "the event says what the change did")
        }
    }

    @Test func disablingEndsSessionsAtOnceAndEnablingLetsTheUserBackIn() throws {
        try withPortico { app, _ in
            try app.apply(Self.users)
            let id = try app.userID("alice@example.com")
            let alice = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let csrf = try #require(Browser.csrf(in: try root.get("/admin/users/\(id)").text))
            let disabled = try root.post("/admin/users/\(id)/disable", [("csrf", csrf), ("confirm", "yes")])
            #expect(disabled.status == 303)
            #expect(try alice.get("/me/sessions").status == 303)
            let active = try app.database.read { db -> Int in
                try db.scalar("SELECT count(*) FROM portal_sessions WHERE user_id = ? AND revoked_at IS NULL", [id])
            }
            #expect(active == 0)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status != 303)
            let event = try #require(try audit(app, "user.disable").first)
            #expect(event.target == id)
            #expect(try DirectoryPages.details(event)["sessions_ended"] as? Int == 1, "the event says what the change did")

            #expect(try root.post("/admin/users/\(id)/enable", [("csrf", csrf)]).status == 303)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status == 303)
            #expect(try audit(app, "user.enable").count == 1)

            let rootID = try app.userID("root@example.com")
            #expect(try root.post("/admin/users/\(rootID)/disable", [("csrf", csrf), ("confirm", "yes")]).status == 409)
        }
    }
}
