import Crypto
import Glibc
import System

/// The server's 32-byte secret in `<data dir>/secret.key`, the key of every HMAC the browser surface
/// checks (CSRF tokens, the pending-MFA cookie).
///
/// It is made once, with mode 0600, and read on every later start: a new secret at each start would sign
/// everyone's open forms out. A file of the wrong size, or one other users could read or replace, is
/// refused rather than repaired, because silently replacing a key hides that someone touched it, and with
/// a copy anyone could forge the pending-MFA cookie or open the TOTP secrets. The bytes are never logged.
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
        let created: Int32
        do {
            created = try SystemCalls.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        } catch  where error.errorNumber == EEXIST {
            return try read(path)
        } catch {
            throw StartupError("cannot create \(path): \(error.reason)")
        }
        defer { close(created) }
        let bytes = SecureRandom.bytes(byteCount)
        do {
            try FileSystem.writeAndSync(bytes, to: created, path: path)
        } catch {
            unlink(path)
            throw StartupError("cannot write \(path): \(error.reason)")
        }
        return ServerSecret(bytes: bytes)
    }

    /// The secret an earlier start made; a file of another size, or not private to Portico's user, is refused.
    private static func read(_ path: String) throws(StartupError) -> ServerSecret {
        let status: FileSystem.Status
        let bytes: [UInt8]
        do {
            let descriptor = try FileSystem.openForReading(path, followingLinks: true)
            defer { close(descriptor) }
            status = try FileSystem.status(ofDescriptor: descriptor, path: path)
            bytes = try FileSystem.contents(ofDescriptor: descriptor, path: path, limit: byteCount)
        } catch  where error.errorNumber == EFBIG {
            throw StartupError("\(path) must hold exactly \(byteCount) bytes; it holds more")
        } catch {
            throw StartupError("cannot read \(path): \(error.reason)")
        }
        guard case .regularFile = status.kind else { throw StartupError("\(path) is not a regular file") }
        if let problem = status.privacyProblem(path: path) { throw StartupError(problem) }
        guard bytes.count == byteCount else {
            throw StartupError("\(path) must hold exactly \(byteCount) bytes; it holds \(bytes.count)")
        }
        return ServerSecret(bytes: bytes)
    }

    /// Hex HMAC-SHA256 of `message` under the secret, prefixed by `purpose` so that a MAC made for one
    /// use can never be accepted for another.
    package func mac(_ purpose: String, _ message: String) -> String {
        Crypto.Hex.encode(HMAC.sha256(key: key, message: Array((purpose + "\n" + message).utf8)))
    }

    /// A 32-byte key for `purpose` derived from the secret (HMAC-SHA256 of the purpose), so each use has its
    /// own key and none of them is the secret itself. The NUL keeps it apart from every `mac` message.
    package func derivedKey(_ purpose: String) -> [UInt8] {
        HMAC.sha256(key: key, message: Array(("derived-key\u{0}" + purpose).utf8))
    }

    /// Whether `candidate` is the MAC of `message` for `purpose`, compared in constant time.
    package func verify(_ candidate: String, purpose: String, _ message: String) -> Bool {
        ConstantTime.equals(Array(candidate.utf8), Array(mac(purpose, message).utf8))
    }

    package var description: String { "ServerSecret(<redacted>)" }

    package var customMirror: Mirror { Mirror(self, children: ["key": "<redacted>"]) }
}
