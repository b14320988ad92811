import App
import Crypto
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// The first admin (from the environment or the one-time setup link) and password reset links.
struct FirstAdminTests {
    @Test func firstAdminFromTheEnvironmentCanSignIn() throws {
        try withPortico(firstAdmin: .init(email: "root@example.com", password: "correct horse battery")) { app, captured in
            let browser = Browser(port: app.server.port)
            #expect(try browser.signIn("root@example.com", "correct horse battery").status == 303)
            let page = try browser.get("/start")
            #expect(page.text.contains("href=\"/admin\""))
            #expect(!captured.entries.contains { ($0["setup_url"] as? String) != nil })
            #expect(!captured.entries.contains { "\($0)".contains("correct horse") })
            let setup = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.setup")).items }
            #expect(setup.count == 1)
            #expect(setup.first?.details.contains("horse") == false)
        }
    }

    @Test func setupLinkCreatesTheAdminOnceAndSignsThemIn() throws {
        try withPortico { app, captured in
            let url = try #require(captured.entries.compactMap { $0["setup_url"] as? String }.first)
            #expect(url.hasPrefix("http://127.0.0.1:\(app.server.port)/setup?token="))
            let path = String(url.dropFirst("http://127.0.0.1:\(app.server.port)".count))
            let token = String(path.dropFirst("/setup?token=".count))
            let browser = Browser(port: app.server.port)
            let fields = [
                ("token", token), ("email", "admin@example.com"), ("display_name", "First Admin"),
                ("password", "a long enough password"), ("password_confirmation", "a long enough password"),
            ]

            let short = try browser.submit(path, to: "/setup", fields.map { $0.0.hasPrefix("password") ? ($0.0, "short") : $0 })
            #expect(short.status == 200)
            #expect(short.text.contains("at least 12 characters"))
            #expect(short.text.contains("value=\"admin@example.com\""))

            let created = try browser.submit(path, to: "/setup", fields)
            #expect(created.status == 303)
            #expect(created.header("Location") == "/admin")
            #expect(Browser.setCookie("portico_session", in: created) != nil)
            #expect(try browser.get("/start").text.contains("First Admin"))

            let again = Browser(port: app.server.port)
            #expect(try again.get(path).status == 404)
            let csrf = try #require(Browser.csrf(in: try again.get("/login").text))
            let reuse = try again.post("/setup", [("csrf", csrf)] + fields.map { $0.0 == "email" ? ($0.0, "evil@example.com") : $0 })
            #expect(reuse.status == 404)
            let users: Int = try app.database.read { try UserStore($0).count() }
            #expect(users == 1)
            let audit = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.setup")).items }
            #expect(audit.map(\.actor) == ["admin@example.com"])
        }
    }

    @Test func resetLinkSetsANewPasswordOnceAndEndsEverySession() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let signedIn = Browser(port: app.server.port)
            _ = try signedIn.signIn("alice@example.com", "alice-password-1")
            let token = Token.generate()
            try app.database.write { db in
                let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                try PasswordResetStore(db).create(
                    tokenHash: Token.hash(token), userID: alice.id, createdAt: Int(Date().timeIntervalSince1970), lifetimeSeconds: 3_600)
            }
            let browser = Browser(port: app.server.port)
            let path = "/reset-password?token=\(token)"
            let fields = [("token", token), ("password", "brand new password"), ("password_confirmation", "brand new password")]
            let mismatch = try browser.submit(
                path, to: "/reset-password", [("token", token), ("password", "brand new password"), ("password_confirmation", "other")])
            #expect(mismatch.text.contains("The two passwords differ."))
            let reset = try browser.submit(path, to: "/reset-password", fields)
            #expect(reset.status == 303)
            #expect(reset.header("Location") == "/login?reset=done")

            #expect(try signedIn.get("/me/sessions").status == 303)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1").status == 200)
            #expect(try Browser(port: app.server.port).signIn("alice@example.com", "brand new password").status == 303)
            #expect(try browser.get(path).status == 404)
            let audit = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "password.reset")).items }
            #expect(audit.count == 1)
            #expect(audit.first?.details.contains("brand new") == false)
        }
    }
}
