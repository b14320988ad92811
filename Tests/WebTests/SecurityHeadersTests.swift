import HTTPServer
import Testing

@testable import Web

struct SecurityHeadersTests {
    static func application() -> WebApplication {
        var router = Router()
        router.get("/page") { _ in .html("<p>hi</p>") }
        router.get("/federation") { _ in
            var response = HTTPResponse.html("<form action=\"https://signin.aws.amazon.com/saml\"></form>")
            response.headers.add(name: "Content-Security-Policy", value: "form-action https://signin.aws.amazon.com")
            return response
        }
        router.get("/data.json") { _ in .json(Array("{}".utf8)) }
        router.get("/healthz") { _ in .text("ok") }
        return WebApplication(router: router, middleware: [SecurityHeadersMiddleware()], log: CapturedLog().log) { error, _ in
            .html("<h1>\(error.status.code)</h1>", status: error.status)
        }
    }

    @Test func protectsHTMLPages() {
        let response = Self.application().send(.get, "/page")
        #expect(
            response.headers["Content-Security-Policy"]
                == "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Referrer-Policy"] == "same-origin")
        #expect(response.headers["X-Frame-Options"] == "DENY")
    }

    @Test func keepsAPolicyTheHandlerSet() {
        let response = Self.application().send(.get, "/federation")
        #expect(response.headers.values(for: "Content-Security-Policy") == ["form-action https://signin.aws.amazon.com"])
        #expect(response.headers["X-Frame-Options"] == "DENY")
    }

    @Test(arguments: ["/data.json", "/healthz"])
    func sendsOnlyNosniffWithOtherContent(path: String) {
        let response = Self.application().send(.get, path)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Content-Security-Policy"] == nil)
        #expect(response.headers["X-Frame-Options"] == nil)
    }

    @Test func protectsHTMLErrorPages() {
        let response = Self.application().send(.get, "/missing")
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Security-Policy"] == SecurityHeadersMiddleware.defaultPolicy)
    }
}
