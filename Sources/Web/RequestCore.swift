import HTTPServer
import Synchronization

/// What a request is and what is learned about it once, shared by every copy of its `Request`.
///
/// `Request` is a value that middleware copies to add things (the request id, the signed-in user); keeping
/// the bulk of it behind one reference makes each copy a few retains instead of a dozen. Parsed query and
/// cookies are cached here, so asking twice parses once.
final class RequestCore: Sendable {
    let http: HTTPRequest
    /// The path as sent, still percent-encoded, without the query.
    let path: Substring
    let method: KnownMethod
    let resolution: RouteResolution
    /// When the responder received the request (monotonic): logs and metrics measure from here, so
    /// routing and any wait for the worker pool count too.
    let startNanoseconds = Monotonic.nanoseconds()

    private struct Cache {
        var query: Result<FormData, HTTPError>?
        var cookies: Cookies?
    }

    private let cache = Mutex(Cache())

    init(http: HTTPRequest, path: Substring, method: KnownMethod, resolution: RouteResolution) {
        self.http = http
        self.path = path
        self.method = method
        self.resolution = resolution
    }

    func query(parsing parse: () -> Result<FormData, HTTPError>) -> Result<FormData, HTTPError> {
        cache.withLock { cache in
            if let query = cache.query { return query }
            let query = parse()
            cache.query = query
            return query
        }
    }

    func cookies(parsing parse: () -> Cookies) -> Cookies {
        cache.withLock { cache in
            if let cookies = cache.cookies { return cookies }
            let cookies = parse()
            cache.cookies = cookies
            return cookies
        }
    }
}
