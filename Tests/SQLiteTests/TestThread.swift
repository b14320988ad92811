import Glibc
import Synchronization

/// A real OS thread, for tests whose work blocks (locks, sleeps) and so must stay off Swift's
/// cooperative thread pool, which has one thread per core here.
///
/// `join()` returns the body's result or rethrows its error on the test's own thread, where
/// expectations are attributed to the running test.
final class TestThread<Value: Sendable> {
    private final class Outcome: Sendable {
        let result = Mutex<Result<Value, any Error>?>(nil)
    }

    private let outcome = Outcome()
    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () throws -> Value) {
        let outcome = outcome
        let entry = ThreadEntry {
            let result = Result { try body() }
            outcome.result.withLock { $0 = result }
        }
        let code = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<ThreadEntry>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, Unmanaged.passRetained(entry).toOpaque())
        precondition(code == 0, "pthread_create failed: \(code)")
    }

    @discardableResult
    func join() throws -> Value {
        pthread_join(thread, nil)
        return try outcome.result.withLock { $0 }!.get()
    }
}

/// The non-generic closure a C thread entry point can receive through its `void *` argument.
private final class ThreadEntry: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
