import Synchronization

/// Password hashes made ahead of a write, handed out one per use so no two users share a salt.
final class PrehashedPasswords: Sendable {
    private let hashes: Mutex<[String: [String]]>

    init(_ hashes: [String: [String]]) {
        self.hashes = Mutex(hashes)
    }

    /// A hash of `password` not handed out before, or nil when none is left.
    func take(for password: String) -> String? {
        hashes.withLock { $0[password]?.popLast() }
    }
}
