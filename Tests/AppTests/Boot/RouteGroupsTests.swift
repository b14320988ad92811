import App
import Foundation
import Storage
import TestSupport
import Testing
import Web

/// The route table's groups, exercised on a real server: every admin route is behind its group's gate,
/// and a machine surface takes JSON without CSRF and ignores cookies while browser forms still need theirs.
@Suite(.serialized)
struct RouteGroupsTests {
    /// A path for a pattern: parameters become real ids where the directory has them, so a gate that
    /// looked the id up would find something.
    static func path(for pattern: String, account: String, user: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            switch segment {
            case ":id" where pattern.hasPrefix("/admin/accounts"): account
            case ":id", ":userID": user
            case ":sid": "00000000-0000-0000-0000-000000000000"
            default: String(segment)
            }
        }.joined(separator: "/")
    }

    static func request(_ route: Route, path: String, browser: Browser, csrf: String) throws -> TestClient.Response {
        route.method == .get ? try browser.get(path) : try browser.post(path, [("csrf", csrf)])
    }

    @Test func everyAdminRouteRefusesASignedInNonAdmin() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try DirectoryPages.alice(app)
            let csrf = try DirectoryPages.csrf(alice)
            let adminRoutes = app.router.routes.filter { $0.pattern == "/admin" || $0.pattern.hasPrefix("/admin/") }
            #expect(adminRoutes.count >= 50, "the walk must see the whole admin surface")
            for route in adminRoutes {
                let path = Self.path(for: route.pattern, account: "111111111111", user: try app.userID("bob@example.com"))
                let response = try Self.request(route, path: path, browser: alice, csrf: csrf)
                // A 403 from the group's gate, never a redirect: a POST that changed something also answers 303.
                #expect(response.status == 403, "\(route.method) \(route.pattern) answered \(response.status)")
                #expect(!response.text.contains("bob@example.com"), "\(route.method) \(route.pattern) showed a user")
            }
        }
    }

    @Test func everyAdminRouteSendsASignedOutVisitorToSignIn() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let visitor = Browser(port: app.server.port)
            for route in app.router.routes where route.pattern.hasPrefix("/admin") {
                let path = Self.path(for: route.pattern, account: "111111111111", user: "someone")
                let response = try Self.request(route, path: path, browser: visitor, csrf: "")
                #expect(response.status == 303, "\(route.method) \(route.pattern)")
                #expect(response.header("Location")?.hasPrefix("/login") == true, "\(route.method) \(route.pattern)")
            }
        }
    }

    @Test func anAccountOwnerReachesOnlyTheirOwnAccountsPagesUnderAdmin() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let carol = try DirectoryPages.carol(app)
            let csrf = try DirectoryPages.csrf(carol)
            let admin = try #require(app.router.groups.first { $0.name == "admin" })
            let managers = try #require(app.router.groups.first { $0.name == "account-managers" })
            for route in app.router.routes where route.pattern.hasPrefix("/admin") {
                #expect(route.group.isWithin(admin) || route.group.isWithin(managers), "\(route.pattern) is outside both gates")
                let own = Self.path(for: route.pattern, account: "111111111111", user: try app.userID("bob@example.com"))
                let other = Self.path(for: route.pattern, account: "222222222222", user: try app.userID("bob@example.com"))
                if route.group.isWithin(admin) {
                    #expect(
                        try Self.request(route, path: own, browser: carol, csrf: csrf).status == 403, "\(route.method) \(route.pattern)")
                } else if route.pattern.contains(":id") {
                    #expect(
                        try Self.request(route, path: other, browser: carol, csrf: csrf).status == 403, "\(route.method) \(route.pattern)")
                }
            }
            #expect(try carol.get("/admin/accounts/111111111111").status == 200)
            #expect(try carol.get("/admin/accounts").status == 200)
        }
    }

    /// A machine surface mounted the way SCIM and the AWS APIs will be.
    struct EchoTokens: BearerAuthenticator {
        var location: BearerTokenLocation { .authorization }
        func principal(for token: String, request: Request) throws -> String? { token == "machine-token" ? "provisioner" : nil }
    }

    static let machineErrors: ErrorMiddleware.Renderer = { error, _ in
        HTTPResponse(status: error.status, contentType: "application/scim+json", body: #"{"status":"\#(error.status.code)"}"#)
    }

    static func mountMachine(_ router: inout Router) {
        router.group(
            "/test-machine", .machine(name: "test-machine", authenticator: EchoTokens(), renderError: machineErrors, maxBodySize: 1_024)
        ) {
            machine in
            machine.post("/things", options: .offloaded) { request in
                let body = try request.json(accepting: ["application/scim+json", "application/json"])
                let session = request.cookies["portico_session"] ?? "none"
                return .text("\(request.bearerPrincipal(String.self) ?? "nobody") got \(body.text()); session cookie: \(session)")
            }
        }
    }

    @Test func aJSONPostToAMachineRouteNeedsNoCSRFFieldAndIgnoresTheSessionCookie() throws {
        try withPortico(extraRoutes: Self.mountMachine) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let session = "portico_session"
            let body = #"{"userName":"alice@example.com"}"#
            let cookie = root.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let response = try root.send(
                "POST /test-machine/things HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer machine-token\r\n"
                    + "Cookie: \(cookie)\r\nContent-Type: application/scim+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(response.status == 200)
            #expect(response.text == #"provisioner got {"userName":"alice@example.com"}; session cookie: none"#)
            #expect(Browser.setCookies(response).isEmpty, "a machine route never touches the browser's cookies")
            #expect(root.cookies[session] != nil)

            // The same cookie without a token is no way in.
            let cookieOnly = try root.send(
                "POST /test-machine/things HTTP/1.1\r\nHost: localhost\r\nCookie: \(cookie)\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}")
            #expect(cookieOnly.status == 401)
            #expect(cookieOnly.header("Content-Type") == "application/scim+json")
        }
    }

    @Test func aBrowserFormWithoutItsCSRFFieldIsStillRefused() throws {
        try withPortico(extraRoutes: Self.mountMachine) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let refused = try root.post("/admin/groups/new", [("name", "no-token")])
            #expect(refused.status == 403)
            #expect(refused.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(try app.database.read { try GroupStore($0).find(name: "no-token") } == nil)
            let json = try root.send(
                "POST /admin/groups/new HTTP/1.1\r\nHost: localhost\r\nCookie: \(root.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))"
                    + "\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n{\"name\":\"no-token\"}")
            #expect(json.status == 415, "a JSON body is no way around the form's CSRF field")
        }
    }

    @Test func aMachineGroupAnswersItsOwn404And405And413() throws {
        try withPortico(extraRoutes: Self.mountMachine) { app, _ in
            let client = Browser(port: app.server.port)
            let missing = try client.send(
                "GET /test-machine/nothing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer machine-token\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type") == "application/scim+json")
            #expect(missing.text == #"{"status":"404"}"#)

            let wrongMethod = try client.send(
                "GET /test-machine/things HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer machine-token\r\n\r\n")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "OPTIONS, POST")
            #expect(wrongMethod.header("Content-Type") == "application/scim+json")

            let large = String(repeating: " ", count: 1_025)
            let tooLarge = try client.send(
                "POST /test-machine/things HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer machine-token\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1025\r\n\r\n\(large)")
            #expect(tooLarge.status == 413)
            #expect(tooLarge.header("Content-Type") == "application/scim+json")
            #expect(tooLarge.text == #"{"status":"413"}"#)

            let browser404 = try client.get("/nothing-here")
            #expect(browser404.status == 404)
            #expect(browser404.header("Content-Type")?.hasPrefix("text/html") == true, "browser pages keep their HTML page")
        }
    }
}
