import HTTPServer
import Testing

@testable import Web

struct SecurityHeadersTests {
    static func application(isSecure: Bool = false) -> WebApplication {
        var router = Router()
        router.get("/page") { _ in .html("<p>hi</p>") }
        router.get("/federation") { _ in
            var response = HTTPResponse.html("<form action=\"https://signin.aws.amazon.com/saml\"></form>")
            response.headers.add(name: "Content-Security-Policy", value: "form-action https://signin.aws.amazon.com")
            return response
        }
        router.get("/data.json") { _ in .json(Array("{}".utf8)) }
        router.get("/healthz") { _ in .text("ok") }
        router.get("/own-transport-policy") { _ in
            var response = HTTPResponse.text("ok")
            response.headers.add(name: "Strict-Transport-Security", value: "max-age=60")
            return response
        }
        return WebApplication(router: router, middleware: [SecurityHeadersMiddleware(isSecure: isSecure)], log: CapturedLog().log) {
            error, _ in
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

    @Test(arguments: ["/page", "/data.json", "/healthz", "/missing"])
    func httpsSitesSendStrictTransportSecurityOnEveryResponse(path: String) {
        let response = Self.application(isSecure: true).send(.get, path)
        #expect(response.headers.values(for: "Strict-Transport-Security") == ["max-age=31536000"])
    }

    @Test func keepsATransportPolicyTheHandlerSet() {
        let response = Self.application(isSecure: true).send(.get, "/own-transport-policy")
        #expect(response.headers.values(for: "Strict-Transport-Security") == ["max-age=60"])
    }

    @Test(arguments: ["/page", "/healthz", "/missing"])
    func httpSitesSendNoStrictTransportSecurity(path: String) {
        #expect(Self.application().send(.get, path).headers["Strict-Transport-Security"] == nil)
    }
}
