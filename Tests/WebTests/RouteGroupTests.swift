import HTTPServer
import Synchronization
import Testing

@testable import Web

/// A middleware that records its name on the way in and refuses when told to, standing in for session,
/// CSRF and admin checks.
struct Tagging: Middleware {
    let name: String
    var refuses = false

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard !refuses else { throw HTTPError(.forbidden, "\(name) refused") }
        var response = try next(request)
        response.headers.add(name: "X-Passed", value: name)
        return response
    }
}

/// Accepts the token `good-token` as the principal `robot`.
struct TestTokens: BearerAuthenticator {
    var location: BearerTokenLocation = .authorization

    func principal(for token: String, request: Request) throws -> String? {
        token == "good-token" ? "robot" : nil
    }
}

/// A machine surface's error format: JSON with the status and message.
let machineErrors: ErrorMiddleware.Renderer = { error, _ in
    HTTPResponse(
        status: error.status, contentType: "application/machine+json",
        body: #"{"status":\#(error.status.code),"detail":"\#(error.message)"}"#)
}

struct RouteGroupTests {
    static func application() -> WebApplication {
        var router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.group("", RouteGroup.Settings(name: "browser", middleware: [Tagging(name: "session")])) { browser in
            browser.get("/start") { _ in .text("portal") }
            browser.group("/admin", RouteGroup.Settings(name: "admin", middleware: [Tagging(name: "admin")])) { admin in
                admin.get("") { _ in .text("admin home") }
                admin.get("/users/:id") { request in .text("user \(request.parameters["id"]!)") }
            }
        }
        router.group("/machine/v1", .machine(name: "machine", authenticator: TestTokens(), renderError: machineErrors, maxBodySize: 64)) {
            machine in
            machine.post("/things") { request in
                let body = try request.json(accepting: ["application/json", "application/machine+json"])
                let cookie = request.cookies["session"] ?? "none"
                return .text("\(request.bearerPrincipal(String.self) ?? "nobody") sent \(body.text()) with cookie \(cookie)")
            }
        }
        router.group("/open", .machine(name: "open", renderError: machineErrors)) { open in
            open.get("/ping") { request in .text("pong, cookie \(request.cookies["session"] ?? "none")") }
        }
        return WebApplication(router: router, middleware: [Tagging(name: "common")], log: CapturedLog().log)
    }

    @Test func prefixesJoinAndTheGroupsMiddlewareRunsInsideTheCommonOne() {
        let app = Self.application()
        let user = app.send(.get, "/admin/users/7")
        #expect(user.bodyText == "user 7")
        #expect(user.headers.values(for: "X-Passed") == ["admin", "session", "common"])
        #expect(app.send(.get, "/admin").bodyText == "admin home")
        #expect(app.send(.get, "/start").headers.values(for: "X-Passed") == ["session", "common"])
        #expect(app.send(.get, "/healthz").headers.values(for: "X-Passed") == ["common"], "the root group runs no group middleware")
    }

    @Test func aGroupsMiddlewareRefusesEveryRouteInIt() {
        var router = Router()
        router.group("/admin", RouteGroup.Settings(name: "admin", middleware: [Tagging(name: "admin", refuses: true)])) { admin in
            admin.get("/a") { _ in .text("a") }
            admin.post("/b") { _ in .text("b") }
            admin.group("/nested", RouteGroup.Settings(name: "nested")) { nested in
                nested.get("/c") { _ in .text("c") }
            }
        }
        let app = WebApplication(router: router, log: CapturedLog().log)
        for (method, path) in [(HTTPMethod.get, "/admin/a"), (.post, "/admin/b"), (.get, "/admin/nested/c"), (.get, "/admin/none")] {
            let response = app.send(method, path)
            #expect(response.status == .forbidden, "\(method) \(path)")
            #expect(response.bodyText.contains("admin refused"))
        }
    }

    @Test func unmatchedPathsBelongToTheGroupWithTheLongestPrefix() {
        let app = Self.application()
        let machine404 = app.send(.get, "/machine/v1/nothing-here", headers: ["Authorization": "Bearer good-token"])
        #expect(machine404.status == .notFound)
        #expect(machine404.headers["Content-Type"] == "application/machine+json")
        #expect(machine404.bodyText == #"{"status":404,"detail":"There is nothing at this address."}"#)

        let browser404 = app.send(.get, "/nothing-here")
        #expect(browser404.status == .notFound)
        #expect(browser404.headers.values(for: "X-Passed") == ["session", "common"], "the browser group claims the rest")
        #expect(browser404.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(app.send(.get, "/admin/nothing-here").headers.values(for: "X-Passed") == ["admin", "session", "common"])
        #expect(app.send(.get, "/machinery").headers.values(for: "X-Passed") == ["session", "common"], "prefixes end at a segment")
    }

    @Test func aMachineGroupAnswersWrongMethodsInItsOwnFormat() {
        let response = Self.application().send(.get, "/machine/v1/things", headers: ["Authorization": "Bearer good-token"])
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "OPTIONS, POST")
        #expect(response.headers["Content-Type"] == "application/machine+json")
        #expect(response.bodyText.contains(#""status":405"#))
    }

    @Test func aMachineGroupAnswersOversizedBodiesInItsOwnFormat() {
        let app = Self.application()
        let head = makeRequest(.post, "/machine/v1/things", body: Array(repeating: 0x20, count: 65)).head
        #expect(app.maxBodySize(for: head, default: 1 << 20) == 64, "the group's limit, not the server's")
        let refusal = app.refusal(.contentTooLarge, for: head)
        #expect(refusal?.status == .contentTooLarge)
        #expect(refusal?.headers["Content-Type"] == "application/machine+json")
        #expect(refusal?.bodyText == #"{"status":413,"detail":"Content Too Large"}"#)

        let browserHead = makeRequest(.post, "/start", body: [1]).head
        #expect(app.maxBodySize(for: browserHead, default: 1 << 20) == 1 << 20)
        #expect(app.refusal(.contentTooLarge, for: browserHead) == nil, "browser pages keep the core's plain text")
    }

    @Test func aJSONPostReachesItsHandlerWithTheTokensPrincipalAndNoCookie() {
        let response = Self.application().send(
            .post, "/machine/v1/things",
            headers: ["Authorization": "bearer good-token", "Content-Type": "application/json", "Cookie": "session=abc"],
            body: Array(#"{"a": [1, 2]}"#.utf8))
        #expect(response.status == .ok)
        #expect(response.bodyText == #"robot sent {"a":[1,2]} with cookie none"#)
        #expect(!response.headers.contains("Set-Cookie"))
    }

    @Test func aRequestWithoutAValidTokenIsRefusedInTheGroupsFormat() {
        let app = Self.application()
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        for headers: HTTPHeaders in [
            json, ["Authorization": "Bearer wrong", "Content-Type": "application/json"], ["Authorization": "Basic good-token"],
        ] {
            let response = app.send(.post, "/machine/v1/things", headers: headers, body: Array("{}".utf8))
            #expect(response.status == .unauthorized)
            #expect(response.headers["Content-Type"] == "application/machine+json")
            #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        }
    }

    @Test func aSurfaceMayTakeItsTokenFromAHeaderOfItsOwn() {
        var router = Router()
        router.group(
            "/sso",
            .machine(name: "sso", authenticator: TestTokens(location: .header("x-amz-sso_bearer_token")), renderError: machineErrors)
        ) {
            sso in
            sso.get("/whoami") { request in .text(request.bearerPrincipal(String.self) ?? "nobody") }
        }
        let app = WebApplication(router: router, log: CapturedLog().log)
        #expect(app.send(.get, "/sso/whoami", headers: ["x-amz-sso_bearer_token": "good-token"]).bodyText == "robot")
        #expect(app.send(.get, "/sso/whoami", headers: ["Authorization": "Bearer good-token"]).status == .unauthorized)
    }

    @Test func theJSONReaderRefusesOtherMediaTypesAndSaysWhereTheTextGoesWrong() {
        let app = Self.application()
        let token: HTTPHeaders = ["Authorization": "Bearer good-token", "Content-Type": "application/x-www-form-urlencoded"]
        let form = app.send(.post, "/machine/v1/things", headers: token, body: Array("a=1".utf8))
        #expect(form.status == .unsupportedMediaType)
        #expect(form.bodyText.contains("application/json or application/machine+json"))

        let broken = app.send(
            .post, "/machine/v1/things", headers: ["Authorization": "Bearer good-token", "Content-Type": "application/machine+json"],
            body: Array("{\n  \"a\": tru\n}".utf8))
        #expect(broken.status == .badRequest)
        #expect(broken.bodyText.contains("line 2, column"), "\(broken.bodyText)")
    }

    @Test func cookiesAreInvisibleOnAMachineSurfaceWithoutAToken() {
        let response = Self.application().send(.get, "/open/ping", headers: ["Cookie": "session=abc"])
        #expect(response.bodyText == "pong, cookie none")
    }

    @Test func routesAndGroupsAreListedForInspection() {
        var router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.group("", RouteGroup.Settings(name: "browser")) { browser in
            browser.group("/admin", RouteGroup.Settings(name: "admin")) { admin in
                admin.get("/users") { _ in .text("users") }
            }
        }
        #expect(router.groups.map(\.name) == ["root", "browser", "admin"])
        #expect(router.routes.map { "\($0.pattern) \($0.group.name)" } == ["/healthz root", "/admin/users admin"])
        #expect(router.routes[1].group.isWithin(router.groups[1]))
        #expect(!router.routes[0].group.isWithin(router.groups[1]))
    }
}
