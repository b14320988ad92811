import Glibc

/// Turns SIGTERM and SIGINT into a callback on a dedicated thread.
///
/// The signals are blocked in the main thread before any other thread starts (threads inherit the mask)
/// and collected with `sigwait`, so no code ever runs in signal-handler context.
package enum SignalWatcher {
    /// Call first thing in `main`, before anything can start a thread.
    package static func blockTermination() {
        var signals = terminationSignals
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Blocks the signals (if not yet done) and calls `onSignal` on a watcher thread for each one received.
    package static func watchTermination(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        blockTermination()
        _ = OSThread.spawn(name: "portico-signals") {
            var signals = terminationSignals
            while true {
                var received: Int32 = 0
                guard sigwait(&signals, &received) == 0 else { continue }
                onSignal(received)
            }
        }
    }

    private static var terminationSignals: sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        return signals
    }
}
