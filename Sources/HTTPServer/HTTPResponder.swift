/// What the server calls for every request: the boundary between the core and everything above it.
///
/// `respond` runs on an event loop thread, so it must not block: work that may (password hashing, RSA signing,
/// outbound HTTP) goes to the worker pool through `context.offload`, and the connection resumes on its loop.
package protocol HTTPResponder: Sendable {
    /// The largest body this request may carry, decided from its head before any of the body is read.
    func maxBodySize(for head: HTTPRequestHead, default defaultLimit: Int) -> Int
    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply
    /// The response for a request the core refuses after reading its head (a body over the limit, a broken
    /// chunked body), in the format of whoever the request was for; nil for the core's plain text.
    func refusal(_ status: HTTPStatus, for head: HTTPRequestHead) -> HTTPResponse?
}

extension HTTPResponder {
    package func maxBodySize(for head: HTTPRequestHead, default defaultLimit: Int) -> Int { defaultLimit }
    package func refusal(_ status: HTTPStatus, for head: HTTPRequestHead) -> HTTPResponse? { nil }
}

/// A response now, or one that will be ready later (from the worker pool).
package enum HTTPReply: Sendable {
    case response(HTTPResponse)
    case pending(HTTPPendingResponse)
}

/// Per-request facts and services the core gives a responder.
package struct HTTPResponderContext: Sendable {
    /// The peer's address as text (`127.0.0.1`, `::1`).
    package let remoteAddress: String
    /// Moves blocking work to the worker pool; the connection waits without blocking its loop.
    package let offloader: any HTTPOffloading

    package init(remoteAddress: String, offloader: any HTTPOffloading) {
        self.remoteAddress = remoteAddress
        self.offloader = offloader
    }

    /// Runs `work` on the worker pool and answers with its response when done.
    package func offload(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPReply {
        .pending(offloader.offload(work))
    }
}

/// Runs blocking work away from the event loop.
package protocol HTTPOffloading: Sendable {
    func offload(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPPendingResponse
}

/// Runs offloaded work on the calling thread: for unit tests of responders, never for serving.
package struct InlineOffloader: HTTPOffloading {
    package init() {}

    package func offload(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPPendingResponse {
        let pending = HTTPPendingResponse()
        pending.fulfil(work())
        return pending
    }
}
