import HTTPServer
import Testing

@testable import Web

struct RouterTests {
    /// A table shaped like the portal's: static pages, parameters, a wildcard, and two methods on one path.
    static func application(renderError: @escaping ErrorMiddleware.Renderer = ErrorMiddleware.plainText) -> WebApplication {
        var router = Router()
        router.get("/") { _ in .text("root") }
        router.get("/healthz") { _ in .text("ok") }
        router.get("/login") { _ in .text("login form") }
        router.post("/login", options: .offloaded) { _ in .text("signed in") }
        router.get("/admin/users/new") { _ in .text("new user form") }
        router.get("/admin/users/:id") { request in .text("user \(request.parameters["id"]!)") }
        router.get("/admin/users/:id/edit") { request in .text("edit \(request.parameters["id"]!)") }
        router.post("/admin/users/:id") { request in .text("update \(request.parameters["id"]!)") }
        router.get("/a/:x/c") { request in .text("param \(request.parameters["x"]!)") }
        router.get("/a/b/d") { _ in .text("literal") }
        router.get("/static/*path") { request in .text("file \(request.parameters["path"]!)") }
        router.get("/method") { request in .text("saw \(request.method)") }
        router.on(.head, "/explicit-head") { _ in HTTPResponse(status: .noContent) }
        router.get("/explicit-head") { _ in .text("get") }
        router.post("/upload", options: .maxBodySize(10 << 20)) { _ in .text("uploaded") }
        return WebApplication(router: router, log: CapturedLog().log, renderError: renderError)
    }

    @Test(arguments: [
        ("/", "root"),
        ("/healthz", "ok"),
        ("/healthz?verbose=1", "ok"),
        ("http://portico.example/healthz?x", "ok"),
        ("/heal%74hz", "ok"),
        ("/admin/users/new", "new user form"),
        ("/admin/users/42", "user 42"),
        ("/admin/users/42/edit", "edit 42"),
        ("/admin/users/a%20b", "user a b"),
        ("/admin/users/caf%C3%A9", "user café"),
        ("/admin/users/a+b", "user a+b"),
        ("/admin/users/a%2Fb", "user a/b"),
        ("/admin/users/...", "user ..."),
        ("/a/b/c", "param b"),
        ("/a/b/d", "literal"),
        ("/static/css/app.css", "file css/app.css"),
        ("/static/a%2Fb/c", "file a/b/c"),
        ("/static/", "file "),
    ])
    func routesPathsToHandlers(target: String, expectedBody: String) {
        let response = Self.application().send(.get, target)
        #expect(response.status == .ok)
        #expect(response.bodyText == expectedBody)
    }

    @Test(arguments: ["/nowhere", "//healthz", "/healthz/", "/admin/users/", "/a%2Fb/d", "/static", "/a/b%2Fd"])
    func answersNotFoundWhenNoPatternMatches(target: String) {
        #expect(Self.application().send(.get, target).status == .notFound)
    }

    @Test(arguments: [
        "/../healthz", "/%2e%2e/healthz", "/.%2E/healthz", "/%2E/healthz", "/static/../Package.swift", "/static/./app.css",
        "/static/%2e%2e/x", "/admin/users/..", "/admin/users/.",
    ])
    func refusesDotSegmentsEvenWhenEncoded(target: String) {
        let response = Self.application().send(.get, target)
        #expect(response.status == .badRequest)
        #expect(response.bodyText.contains("'.' or '..'"))
    }

    @Test(arguments: [
        "/admin/users/%zz", "/admin/users/%4", "/admin/users/abc%", "/admin/users/%FF", "/admin/users/%C3", "/admin/users/a%00b",
        "*",
    ])
    func refusesMalformedPaths(target: String) {
        #expect(Self.application().send(.get, target).status == .badRequest)
    }

    @Test func answersMethodNotAllowedWithSortedAllow() {
        let response = Self.application().send(.delete, "/login")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
    }

    @Test func allowListsEveryPatternThatMatchesThePath() {
        // `/admin/users/new` is literal (GET only) but `POST /admin/users/:id` also matches the path.
        let response = Self.application().send(.post, "/admin/users/new")
        #expect(response.status == .ok)
        #expect(response.bodyText == "update new")
        let put = Self.application().send(.put, "/admin/users/new")
        #expect(put.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
    }

    @Test func rendersNotFoundAndMethodNotAllowedThroughTheErrorPage() {
        let application = Self.application { error, _ in
            .html("<p>\(error.status.code): \(error.message)</p>", status: error.status)
        }
        let missing = application.send(.get, "/nowhere")
        #expect(missing.status == .notFound)
        #expect(missing.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(missing.bodyText.hasPrefix("<p>404"))
        let wrongMethod = application.send(.put, "/healthz")
        #expect(wrongMethod.bodyText.hasPrefix("<p>405"))
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func servesHeadWithTheGetRoute() {
        let response = Self.application().send(.head, "/method")
        #expect(response.status == .ok)
        #expect(response.bodyText == "saw HEAD")
    }

    @Test func prefersAnExplicitHeadRoute() {
        #expect(Self.application().send(.head, "/explicit-head").status == .noContent)
    }

    @Test func answersOptionsWithAllow() {
        let response = Self.application().send(.options, "/admin/users/7")
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        #expect(Self.application().send(.options, "/nowhere").status == .notFound)
    }

    @Test func runsOffloadedRoutesThroughTheOffloader() {
        let offloader = CountingOffloader()
        let application = Self.application()
        #expect(application.send(.post, "/login", offloader: offloader).bodyText == "signed in")
        #expect(offloader.count == 1)
        #expect(application.send(.get, "/login", offloader: offloader).bodyText == "login form")
        #expect(offloader.count == 1)
    }

    @Test func runsMiddlewareOfOffloadedRoutesOnTheOffloader() {
        struct Marker: Middleware {
            func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
                var response = try next(request)
                response.headers.add(name: "X-Wrapped", value: "yes")
                return response
            }
        }
        var router = Router()
        router.post("/slow", options: .offloaded) { _ in .text("done") }
        let application = WebApplication(router: router, middleware: [Marker()])
        let offloader = CountingOffloader()
        let context = HTTPResponderContext(remoteAddress: "127.0.0.1", offloader: offloader)
        guard case .pending(let pending) = application.respond(to: makeRequest(.post, "/slow"), context: context) else {
            Issue.record("an offloaded route must answer with a pending reply")
            return
        }
        #expect(pending.readyResponse?.headers["X-Wrapped"] == "yes")
        #expect(offloader.count == 1)
    }

    @Test func honoursPerRouteBodyLimits() {
        let application = Self.application()
        let upload = HTTPRequestHead(method: .post, target: "/upload", framing: .contentLength(5 << 20))
        #expect(application.maxBodySize(for: upload, default: 1 << 20) == 10 << 20)
        let login = HTTPRequestHead(method: .post, target: "/login", framing: .contentLength(10))
        #expect(application.maxBodySize(for: login, default: 1 << 20) == 1 << 20)
        let unknown = HTTPRequestHead(method: .post, target: "/nowhere", framing: .chunked)
        #expect(application.maxBodySize(for: unknown, default: 1 << 20) == 1 << 20)
    }

    @Test func exposesTheMatchedRoutePattern() {
        var router = Router()
        router.get("/admin/users/:id") { request in .text(request.route?.pattern ?? "none") }
        #expect(WebApplication(router: router).send(.get, "/admin/users/9").bodyText == "/admin/users/:id")
    }
}
