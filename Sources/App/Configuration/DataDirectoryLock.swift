import Glibc
import Synchronization
import System

/// `portico serve`'s claim on its data directory: an exclusive `flock` on `portico.lock`, held until the
/// server stops or the process ends.
///
/// Two servers on one directory would not corrupt the database (SQLite orders their writes), but each
/// would keep its own login throttle and caches, and with `SO_REUSEPORT` both could answer on one port,
/// silently splitting the traffic between them, perhaps between two versions. So the second one stops at
/// start and names the first. Only `serve` takes the lock: `apply`, `export`, `keys` and `backup` are meant
/// to run beside it, and SQLite already serialises their writes with the server's. A `flock` belongs to the
/// open file, not to a path or a PID file's contents, so a server killed with SIGKILL leaves nothing stale.
package final class DataDirectoryLock: Sendable {
    package static let fileName = "portico.lock"

    package let path: String
    /// -1 once released.
    private let descriptor: Mutex<Int32>

    /// Takes the lock, creating the lock file (0600) if needed, and writes this process's id into it for
    /// the message a second server prints.
    package init(directory: String) throws(StartupError) {
        path = directory + "/" + Self.fileName
        let opened: Int32
        do {
            opened = try SystemCalls.open(path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        } catch {
            throw StartupError("cannot open \(path): \(error.reason)")
        }
        do {
            guard case .done = try SystemCalls.lockExclusively(opened) else {
                SystemCalls.closeIgnoringErrors(opened)
                let holder = Self.holder(of: path).map { " (pid \($0))" } ?? ""
                throw StartupError(
                    "data directory \(directory) is in use by another portico serve\(holder), held through \(path): "
                        + "stop that one first, or give this one its own --data-dir")
            }
            try SystemCalls.truncate(opened, length: 0)
            try Array("\(getpid())\n".utf8).withUnsafeBytes { try SystemCalls.writeAll(opened, $0) }
        } catch let error as StartupError {
            throw error
        } catch {
            SystemCalls.closeIgnoringErrors(opened)
            throw StartupError("cannot lock \(path): \(error)")
        }
        descriptor = Mutex(opened)
    }

    /// Lets the next server take the directory; later calls do nothing.
    package func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            SystemCalls.closeIgnoringErrors(descriptor)
            descriptor = -1
        }
    }

    /// A server whose start fails after the lock was taken must not keep the directory from the next one.
    deinit { release() }

    /// The process id the holder wrote, when it got that far.
    private static func holder(of path: String) -> Int32? {
        guard let bytes = try? FileSystem.contents(ofFile: path, limit: 32) else { return nil }
        return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.flatMap { Int32($0) }
    }
}
