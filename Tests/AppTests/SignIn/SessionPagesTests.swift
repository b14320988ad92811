import App
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/me/sessions`, sign-out, and sessions that stop working when their user is disabled.
struct SessionPagesTests {
    private func signedIn(_ app: PorticoApp, userAgent: String? = nil) throws -> Browser {
        let browser = Browser(port: app.server.port)
        if let userAgent { browser.userAgent = userAgent }
        #expect(try browser.signIn("alice@example.com", "alice-password-1").status == 303)
        return browser
    }

    private func sessionIDs(_ html: String) -> [String] {
        html.matches(of: /action="\/me\/sessions\/(\d+)\/end"/).map { String($0.1) }
    }

    @Test func listsOwnSessionsAndEndsAnotherOne() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let laptop = try signedIn(app)
            let phone = try signedIn(app, userAgent: "curl/8.5.0")
            let page = try laptop.get("/me/sessions")
            #expect(page.status == 200)
            #expect(page.text.contains("Firefox"))
            #expect(page.text.contains("curl"))
            #expect(page.text.contains("This session"))
            #expect(page.text.contains("127.0.0.1"))
            let ids = sessionIDs(page.text)
            #expect(ids.count == 2)
            // Newest first: the phone's session is listed first and is not the current one.
            let csrf = try #require(Browser.csrf(in: page.text))
            let ended = try laptop.post("/me/sessions/\(ids[0])/end", [("csrf", csrf)])
            #expect(ended.status == 303)
            #expect(ended.header("Location") == "/me/sessions?ended=one")
            #expect(try laptop.get("/me/sessions?ended=one").text.contains("The session was ended."))

            let refused = try phone.get("/me/sessions")
            #expect(refused.status == 303)
            #expect(refused.header("Location") == "/login?return_to=/me/sessions")
            #expect(Browser.setCookie("portico_session", in: refused)?.contains("Max-Age=0") == true)
            let events = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "session.end")).items }
            #expect(events.count == 1)
            #expect(events.first?.details.contains("\"session_id\":\(ids[0])") == true)
        }
    }

    @Test func cannotEndSomeoneElsesSession() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            try app.apply(
                #"{"users": [{"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"}, {"email": "carol@example.com", "display_name": "Carol", "password": "carol-password-1"}]}"#
            )
            let carol = Browser(port: app.server.port)
            _ = try carol.signIn("carol@example.com", "carol-password-1")
            let alice = try signedIn(app)
            let carolsID = try #require(sessionIDs(try carol.get("/me/sessions").text).first)
            let csrf = try #require(Browser.csrf(in: try alice.get("/me/sessions").text))
            #expect(try alice.post("/me/sessions/\(carolsID)/end", [("csrf", csrf)]).status == 404)
            #expect(try carol.get("/me/sessions").status == 200)
        }
    }

    @Test func endingOthersKeepsTheCurrentSession() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let current = try signedIn(app)
            let others = [try signedIn(app), try signedIn(app)]
            let response = try current.submit("/me/sessions/end-others", to: "/me/sessions/end-others", [("confirm", "yes")])
            #expect(response.status == 303)
            let page = try current.get("/me/sessions")
            #expect(page.status == 200)
            #expect(sessionIDs(page.text).count == 1)
            for other in others { #expect(try other.get("/me/sessions").status == 303) }
        }
    }

    @Test func signOutRevokesTheSessionSoTheOldCookieNoLongerWorks() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let token = try #require(browser.cookies["portico_session"])
            let response = try browser.submit("/me/sessions", to: "/logout", [])
            #expect(response.status == 303)
            #expect(response.header("Location") == "/login")
            #expect(response.header("Cache-Control") == "no-store")
            #expect(Browser.setCookie("portico_session", in: response)?.hasPrefix("portico_session=; Max-Age=0") == true)

            let replay = Browser(port: app.server.port)
            replay.cookies["portico_session"] = token
            #expect(try replay.get("/me/sessions").status == 303)
            let events = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "auth.signout")).items }
            #expect(events.count == 1)
        }
    }

    @Test func probesAndPublicFilesLeaveAStaleCookieAlone() throws {
        try withPortico { app, _ in
            let browser = Browser(port: app.server.port)
            let stale = String(repeating: "A", count: 43)
            // Pages look the session up and clear a cookie that names none; probes and public files never do.
            browser.cookies["portico_session"] = stale
            #expect(Browser.setCookie("portico_session", in: try browser.get("/login"))?.contains("Max-Age=0") == true)
            for path in ["/healthz", "/metrics", "/robots.txt", "/favicon.ico", "/static/app.css"] {
                browser.cookies["portico_session"] = stale
                let response = try browser.get(path)
                #expect(response.status < 400, "\(path)")
                #expect(Browser.setCookie("portico_session", in: response) == nil, "\(path)")
            }
        }
    }

    @Test func endingTheCurrentSessionFromTheListSignsOut() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            let page = try browser.get("/me/sessions").text
            let id = try #require(sessionIDs(page).first)
            let response = try browser.post("/me/sessions/\(id)/end", [("csrf", Browser.csrf(in: page) ?? "")])
            #expect(response.header("Location") == "/login")
            #expect(try browser.get("/me/sessions").status == 303)
        }
    }

    @Test func disablingTheUserStopsTheirCookieAtOnce() throws {
        try withPortico { app, _ in
            try app.apply(SignInTests.users)
            let browser = try signedIn(app)
            #expect(try browser.get("/me/sessions").status == 200)
            try app.apply(
                #"{"users": [{"email": "alice@example.com", "display_name": "Alice Liddell", "disabled": true}, {"email": "bob@example.com", "display_name": "Bob Builder", "disabled": true}]}"#
            )
            let refused = try browser.get("/me/sessions")
            #expect(refused.status == 303)
            #expect(!(try browser.get("/start").text.contains("Alice Liddell")))
        }
    }

    @Test func signedOutPostsAreSentToSignInWithoutRunningTheHandler() throws {
        try withPortico { app, _ in
            let response = try Browser(port: app.server.port).post("/me/sessions/end-others", [("csrf", "anything")])
            #expect(response.status == 303)
            #expect(response.header("Location") == "/login")
        }
    }
}
