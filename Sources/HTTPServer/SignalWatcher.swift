import Glibc

/// Turns SIGTERM and SIGINT into a callback on a dedicated thread.
///
/// The signals are blocked in the calling thread before any other thread starts (threads inherit the mask)
/// and collected with `sigwait`, so no code ever runs in signal-handler context.
package enum SignalWatcher {
    /// Call from the main thread before starting the server.
    package static func watchTermination(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let watched = signals
        _ = OSThread.spawn(name: "portico-signals") {
            var signals = watched
            while true {
                var received: Int32 = 0
                guard sigwait(&signals, &received) == 0 else { continue }
                onSignal(received)
            }
        }
    }
}
