import CLinux
import Glibc

/// A plain POSIX thread running one closure; the loops and workers need real threads, not a task pool.
package final class OSThread: @unchecked Sendable {
    // Written once in `spawn` before any other thread can see the object, then only read by `join`.
    private var handle = pthread_t()

    private init() {}

    /// Starts `body` on a new thread named `name` (visible in `top -H` and debuggers; at most 15 characters).
    package static func spawn(name: String, _ body: @escaping @Sendable () -> Void) -> OSThread {
        let thread = OSThread()
        let box = Unmanaged.passRetained(ThreadBody(name: name, body: body))
        let result = pthread_create(
            &thread.handle, nil,
            { argument in
                let box = Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue()
                clinux_set_thread_name(String(box.name.prefix(15)))
                box.body()
                return nil
            }, box.toOpaque())
        precondition(result == 0, "pthread_create failed: \(result)")
        return thread
    }

    /// Waits for the thread to finish.
    package func join() {
        pthread_join(handle, nil)
    }
}

private final class ThreadBody {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
