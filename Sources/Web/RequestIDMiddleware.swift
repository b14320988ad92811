import HTTPServer
import Synchronization

/// Gives every request an id, in `request.requestID` and the `X-Request-Id` response header, so a user's
/// report, the access log and an error line can be matched up.
///
/// The id is a random 64-bit prefix drawn once at start plus a 64-bit counter, as 32 hex digits: unique
/// across restarts without a system call or random draw per request.
package struct RequestIDMiddleware: Middleware {
    private final class Generator: Sendable {
        let prefix: UInt64
        let counter = Atomic<UInt64>(0)

        init() {
            var random = SystemRandomNumberGenerator()
            prefix = random.next()
        }
    }

    private let generator = Generator()

    package init() {}

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        let id = Hex.string(generator.prefix, generator.counter.add(1, ordering: .relaxed).newValue)
        request.requestID = id
        var response = try next(request)
        response.headers.add(name: "X-Request-Id", value: id)
        return response
    }
}
