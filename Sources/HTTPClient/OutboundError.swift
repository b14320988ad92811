/// Why an outbound request failed, in words an admin can act on.
///
/// The message is curl's (it names the host and port, or the certificate problem), never the request's header
/// fields or body: those carry signatures and tokens, and this error ends up in logs and on admin pages.
package struct OutboundError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// No connection: the name does not resolve, nothing listens, or a firewall refuses (check the address
        /// and the proxy settings).
        case couldNotConnect
        /// The connect or total timeout passed.
        case timedOut
        /// The TLS handshake failed or the peer's certificate was not trusted (check the CA bundle, the clock, or
        /// an intercepting proxy's certificate).
        case tls
        /// The response was larger than the client's limit.
        case tooLarge
        /// Anything else: a refused scheme, a malformed URL or header, a broken response.
        case other
    }

    package var kind: Kind
    package var message: String

    package init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { "\(kind): \(message)" }
}
