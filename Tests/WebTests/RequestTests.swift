import HTTPServer
import Testing

@testable import Web

struct RequestTests {
    enum CurrentUser: RequestStorageKey { typealias Value = String }
    enum Flags: RequestStorageKey { typealias Value = [Int] }

    struct SignIn: Middleware {
        func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
            var request = request
            request.storage[CurrentUser.self] = "alice@example.com"
            request.storage[Flags.self] = [1, 2]
            return try next(request)
        }
    }

    @Test func passesTypedValuesFromMiddlewareToHandlers() {
        var router = Router()
        router.get("/me") { request in
            .text("\(request.storage[CurrentUser.self] ?? "nobody") \(request.storage[Flags.self] ?? [])")
        }
        #expect(WebApplication(router: router, middleware: [SignIn()]).send(.get, "/me").bodyText == "alice@example.com [1, 2]")
        #expect(WebApplication(router: router).send(.get, "/me").bodyText == "nobody []")
    }

    @Test func replacesAndRemovesStoredValues() {
        var storage = RequestStorage()
        storage[CurrentUser.self] = "a"
        storage[CurrentUser.self] = "b"
        #expect(storage[CurrentUser.self] == "b")
        storage[CurrentUser.self] = nil
        #expect(storage[CurrentUser.self] == nil)
    }

    @Test func givesEveryRequestADistinctIDInTheResponse() throws {
        var router = Router()
        router.get("/") { request in .text(request.requestID) }
        let application = WebApplication(router: router, middleware: [RequestIDMiddleware()])
        let first = application.send(.get, "/")
        let second = application.send(.get, "/")
        #expect(first.bodyText.wholeMatch(of: /[0-9a-f]{32}/) != nil)
        #expect(first.headers["X-Request-Id"] == first.bodyText)
        #expect(first.bodyText != second.bodyText)
        #expect(first.bodyText.prefix(16) == second.bodyText.prefix(16), "one random prefix per process, then a counter")
    }

    @Test func convertsParametersOrAnswersNotFound() {
        var router = Router()
        router.get("/accounts/:id") { request in .text("\(try request.parameters.require("id", as: Int.self) + 1)") }
        let application = WebApplication(router: router)
        #expect(application.send(.get, "/accounts/41").bodyText == "42")
        #expect(application.send(.get, "/accounts/abc").status == .notFound)
    }
}
