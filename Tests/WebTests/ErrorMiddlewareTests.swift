import Foundation
import HTTPServer
import Testing

@testable import Web

struct ErrorMiddlewareTests {
    struct AccountNotVisible: HTTPResponseError {
        var status: HTTPStatus { .forbidden }
        var message: String { "You cannot use this role." }
    }

    struct SCIMError: HTTPResponseError {
        var status: HTTPStatus { .conflict }
        var message: String { "uniqueness" }
        func response(for request: Request) -> HTTPResponse? {
            .json(Array(#"{"scimType":"uniqueness"}"#.utf8), status: status, contentType: "application/scim+json")
        }
    }

    struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "disk I/O error in /var/lib/portico/portico.sqlite" }
    }

    static let page: ErrorMiddleware.Renderer = { error, request in
        .html("<h1>\(error.status.code)</h1><p>\(error.message)</p><small>\(request.requestID)</small>", status: error.status)
    }

    static func application(log: AccessLog, middleware: [any Middleware] = [RequestIDMiddleware()]) -> WebApplication {
        var router = Router()
        router.get("/teapot") { _ in throw HTTPError(.tooManyRequests, "Slow down.", headers: ["Retry-After": "30"]) }
        router.get("/role") { _ in throw AccountNotVisible() }
        router.get("/scim") { _ in throw SCIMError() }
        router.get("/crash") { _ in throw DatabaseExploded() }
        return WebApplication(router: router, middleware: middleware, log: log, renderError: page)
    }

    @Test func rendersHTTPErrorsWithTheirStatusMessageAndHeaders() {
        let response = Self.application(log: CapturedLog().log).send(.get, "/teapot")
        #expect(response.status == .tooManyRequests)
        #expect(response.bodyText.hasPrefix("<h1>429</h1><p>Slow down.</p>"))
        #expect(response.headers["Retry-After"] == "30")
    }

    @Test func rendersDomainErrorsThatKnowTheirStatus() {
        let response = Self.application(log: CapturedLog().log).send(.get, "/role")
        #expect(response.status == .forbidden)
        #expect(response.bodyText.contains("You cannot use this role."))
    }

    @Test func letsErrorsRenderTheirOwnResponse() {
        let response = Self.application(log: CapturedLog().log).send(.get, "/scim")
        #expect(response.status == .conflict)
        #expect(response.headers["Content-Type"] == "application/scim+json")
        #expect(response.bodyText == #"{"scimType":"uniqueness"}"#)
    }

    @Test func turnsUnknownErrorsIntoAPlain500AndLogsThemWithTheRequestID() throws {
        let captured = CapturedLog()
        let response = Self.application(log: captured.log).send(.get, "/crash")
        #expect(response.status == .internalServerError)
        #expect(!response.bodyText.contains("sqlite"))
        let requestID = try #require(response.headers["X-Request-Id"])
        #expect(response.bodyText.contains(requestID))

        let lines = captured.lines
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "error")
        #expect(object["request_id"] as? String == requestID)
        #expect(object["route"] as? String == "/crash")
        #expect((object["error_type"] as? String)?.hasSuffix("DatabaseExploded") == true)
        #expect((object["error"] as? String)?.contains("disk I/O error") == true)
    }

    @Test func outerMiddlewareSeesTheStatusOfAnErrorThrownFurtherIn() throws {
        struct RequireSession: Middleware {
            func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
                guard request.cookies["session"] != nil else { throw HTTPError(.unauthorized, "Sign in first.") }
                return try next(request)
            }
        }
        let captured = CapturedLog()
        let application = Self.application(
            log: captured.log,
            middleware: [
                RequestIDMiddleware(), AccessLogMiddleware(log: captured.log), SecurityHeadersMiddleware(), RequireSession(),
            ])
        let response = application.send(.get, "/role")
        #expect(response.status == .unauthorized)
        #expect(response.headers["X-Request-Id"] != nil)
        #expect(response.headers["Content-Security-Policy"] == SecurityHeadersMiddleware.defaultPolicy)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(captured.lines[0].utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 401)
    }

    @Test func defaultPageIsPlainText() {
        var router = Router()
        router.get("/gone") { _ in throw HTTPError(.notFound, "No such user.") }
        let response = WebApplication(router: router, log: CapturedLog().log).send(.get, "/gone")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.bodyText == "404 Not Found\n\nNo such user.\n")
    }
}
