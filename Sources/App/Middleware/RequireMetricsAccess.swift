import Crypto
import IP
import Web

/// The gate of `/metrics`: with a metrics token configured every scrape must carry it as a bearer token,
/// from this host too; without one, only this host's own addresses get an answer.
///
/// Metrics name routes, counts and the state of every AWS account kept in sync, which is not for the
/// internet. "This host" is the TCP peer, not what `X-Forwarded-For` says, and a request that a trusted
/// proxy on this host forwarded for someone else is that someone's: both the peer and the client must be
/// loopback, so a reverse proxy in front on `127.0.0.1` does not open `/metrics` to everyone behind it.
struct RequireMetricsAccess: Middleware {
    static let missingToken = "Metrics need the metrics token, sent as Authorization: Bearer <token>."
    static let wrongToken = "The metrics token is not the one configured."
    static let notLoopback =
        "Metrics are served to this host only (loopback addresses). To scrape them from elsewhere, configure a "
        + "token with --metrics-token or PORTICO_METRICS_TOKEN and send it as a bearer token."

    /// The configured token's SHA-256: comparing digests of a fixed length keeps the token's length secret
    /// too; nil when none is configured.
    private let tokenDigest: [UInt8]?

    init(token: String?) {
        self.tokenDigest = token.map { SHA256.hash(Array($0.utf8)) }
    }

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        if let tokenDigest {
            guard let sent = request.bearerToken, !sent.isEmpty else {
                throw HTTPError(.unauthorized, Self.missingToken, headers: ["WWW-Authenticate": "Bearer"])
            }
            guard ConstantTime.equals(SHA256.hash(Array(sent.utf8)), tokenDigest) else {
                throw HTTPError(.unauthorized, Self.wrongToken, headers: ["WWW-Authenticate": #"Bearer error="invalid_token""#])
            }
            return try next(request)
        }
        guard Self.isLoopback(request.peerAddress), Self.isLoopback(request.remoteAddress) else {
            throw HTTPError(.forbidden, Self.notLoopback)
        }
        return try next(request)
    }

    private static func isLoopback(_ address: String) -> Bool {
        IPAddress(address)?.isLoopback ?? false
    }
}
