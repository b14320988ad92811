import Crypto
import Glibc

/// The server's 32-byte secret in `<data dir>/secret.key`, the key of every HMAC the browser surface
/// checks (CSRF tokens, the pending-MFA cookie).
///
/// It is made once, with mode 0600, and read on every later start: a new secret at each start would sign
/// everyone's open forms out. A file of the wrong size is refused rather than repaired, because silently
/// replacing a key hides that someone touched it. The bytes are never logged or printed.
package struct ServerSecret: Sendable, CustomStringConvertible, CustomReflectable {
    package static let byteCount = 32
    package static let fileName = "secret.key"

    private let key: [UInt8]

    /// A secret from known bytes, for tests.
    package init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a server secret is \(Self.byteCount) bytes")
        key = bytes
    }

    /// Reads the secret from the data directory, creating it on first start.
    package static func loadOrCreate(in directory: DataDirectory) throws(StartupError) -> ServerSecret {
        let path = directory.path + "/" + fileName
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            defer { close(created) }
            let bytes = SecureRandom.bytes(byteCount)
            let written = bytes.withUnsafeBytes { write(created, $0.baseAddress, $0.count) }
            guard written == byteCount, fsync(created) == 0 else {
                unlink(path)
                throw StartupError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            return ServerSecret(bytes: bytes)
        }
        guard errno == EEXIST else { throw StartupError("cannot create \(path): \(String(cString: strerror(errno)))") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StartupError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // One byte more than expected, so a longer file is noticed too.
        var buffer = [UInt8](repeating: 0, count: byteCount + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw StartupError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            total += count
        }
        guard total == byteCount else {
            throw StartupError("\(path) must hold exactly \(byteCount) bytes; it holds \(total > byteCount ? "more" : "\(total)")")
        }
        return ServerSecret(bytes: Array(buffer[..<byteCount]))
    }

    /// Hex HMAC-SHA256 of `message` under the secret, prefixed by `purpose` so that a MAC made for one
    /// use can never be accepted for another.
    package func mac(_ purpose: String, _ message: String) -> String {
        Crypto.Hex.encode(HMAC.sha256(key: key, message: Array((purpose + "\n" + message).utf8)))
    }

    /// Whether `candidate` is the MAC of `message` for `purpose`, compared in constant time.
    package func verify(_ candidate: String, purpose: String, _ message: String) -> Bool {
        ConstantTime.equals(Array(candidate.utf8), Array(mac(purpose, message).utf8))
    }

    package var description: String { "ServerSecret(<redacted>)" }

    package var customMirror: Mirror { Mirror(self, children: ["key": "<redacted>"]) }
}
