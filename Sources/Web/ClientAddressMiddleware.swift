import HTTPServer

/// Puts the client's own address in `request.remoteAddress` when the request came through a trusted proxy,
/// and the scheme it used in `request.forwardedProto`.
///
/// It must run before anything that reads the address (access log, login throttle, audit events, the
/// session list), so it goes first in the common chain. From any other peer the forwarding headers are
/// ignored, since anyone can send them.
package struct ClientAddressMiddleware: Middleware {
    private let trustedProxies: TrustedProxies

    package init(trustedProxies: TrustedProxies) { self.trustedProxies = trustedProxies }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard trustedProxies.trusts(peer: request.remoteAddress) else { return try next(request) }
        var request = request
        request.remoteAddress = trustedProxies.clientAddress(
            peer: request.remoteAddress, forwardedFor: request.headers.values(for: "X-Forwarded-For"))
        request.forwardedProto = TrustedProxies.forwardedProto(request.headers.values(for: "X-Forwarded-Proto"))
        return try next(request)
    }
}
