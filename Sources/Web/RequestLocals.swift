import Synchronization

/// The part of a request that is shared rather than copied as the request moves down the chain.
///
/// `Request` is a value, so what a handler computes does not flow back up to the middleware that called
/// it. The CSP nonce must: the handler puts it in the page and `SecurityHeadersMiddleware` puts it in the
/// header. Parsed query and cookies are cached here too, so asking twice parses once.
final class RequestLocals: Sendable {
    private struct State {
        var query: Result<FormData, HTTPError>?
        var cookies: Cookies?
        var cspNonce: String?
    }

    private let state = Mutex(State())

    init() {}

    func query(parsing parse: () -> Result<FormData, HTTPError>) -> Result<FormData, HTTPError> {
        state.withLock { state in
            if let query = state.query { return query }
            let query = parse()
            state.query = query
            return query
        }
    }

    func cookies(parsing parse: () -> Cookies) -> Cookies {
        state.withLock { state in
            if let cookies = state.cookies { return cookies }
            let cookies = parse()
            state.cookies = cookies
            return cookies
        }
    }

    /// The nonce, created on first use: 128 bits from the system's CSPRNG.
    func cspNonce() -> String {
        state.withLock { state in
            if let nonce = state.cspNonce { return nonce }
            var random = SystemRandomNumberGenerator()
            let nonce = Hex.string(random.next(), random.next())
            state.cspNonce = nonce
            return nonce
        }
    }

    /// The nonce if a handler asked for one, without creating it.
    var existingCSPNonce: String? { state.withLock { $0.cspNonce } }
}
