import Synchronization

/// A response that another thread will supply exactly once.
///
/// The worker pool fulfils it; the event loop registers a callback that queues the response back onto
/// the connection's own loop. Whichever comes second triggers delivery, so no ordering is assumed.
package final class HTTPPendingResponse: Sendable {
    private enum State {
        case waiting((@Sendable (HTTPResponse) -> Void)?)
        case fulfilled(HTTPResponse)
        case delivered
    }

    private let state = Mutex<State>(.waiting(nil))

    package init() {}

    /// Supplies the response; a second call is ignored.
    package func fulfil(_ response: HTTPResponse) {
        let callback: (@Sendable (HTTPResponse) -> Void)? = state.withLock { state in
            guard case .waiting(let callback) = state else { return nil }
            if let callback {
                state = .delivered
                return callback
            }
            state = .fulfilled(response)
            return nil
        }
        callback?(response)
    }

    /// Calls `callback` once with the response: at once if it is already here, otherwise when it arrives.
    package func whenFulfilled(_ callback: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready: HTTPResponse? = state.withLock { state in
            switch state {
            case .fulfilled(let response):
                state = .delivered
                return response
            case .waiting:
                state = .waiting(callback)
                return nil
            case .delivered:
                return nil
            }
        }
        if let ready { callback(ready) }
    }

    /// The response if it has arrived and nobody has taken it yet (for tests of responders).
    package var readyResponse: HTTPResponse? {
        state.withLock { state in
            if case .fulfilled(let response) = state { return response }
            return nil
        }
    }
}
