import Glibc
import System

/// The file-system calls the signing-key store makes: owner-only files written whole and synced, read
/// back with their permissions checked, replaced by rename. Every failure names the path.
enum KeyFiles {
    static func errorText() -> String { String(cString: strerror(errno)) }

    static func exists(_ path: String) -> Bool {
        FileSystem.exists(path)
    }

    /// The stamp of `path`, nil when it does not exist or cannot be examined.
    static func stamp(_ path: String) -> SigningKeyStore.Stamp? {
        guard let status = try? FileSystem.status(of: path, followingLinks: true) else { return nil }
        let size = if case .regularFile(let size) = status.kind { size } else { 0 }
        return SigningKeyStore.Stamp(
            inode: status.inode, size: Int64(size), modifiedSeconds: Int64(status.modified.seconds),
            modifiedNanoseconds: Int64(status.modified.nanoseconds))
    }

    /// Creates `path` as an owner-only directory, or checks that the existing one is owner-only.
    static func ensurePrivateDirectory(_ path: String) throws(SigningKeyStoreError) {
        let status: FileSystem.Status
        do {
            status = try FileSystem.status(of: path)
        } catch {
            guard error.errorNumber == ENOENT else { throw .io(path: path, reason: error.reason) }
            guard mkdir(path, 0o700) == 0 else { throw .io(path: path, reason: errorText()) }
            return
        }
        guard status.kind == .directory else { throw .io(path: path, reason: "exists but is not a directory") }
        try requireOwnedByUs(path, status)
        guard status.hasNoForeignAccess else {
            throw .permissions(path: path, mode: Int(status.permissions & 0o777), expected: 0o700)
        }
    }

    /// The whole file as text, refused when it is not a regular file private to its owner.
    /// Mode bits alone do not make a file private: one owned by another account (created by root, say)
    /// can be replaced or read by that account, so keys are only trusted in files of the user Portico runs as.
    static func requireOwnedByUs(_ path: String, _ status: FileSystem.Status) throws(SigningKeyStoreError) {
        guard status.isOwnedByCurrentUser else { throw .io(path: path, reason: status.ownerProblem) }
    }

    static func readPrivate(_ path: String) throws(SigningKeyStoreError) -> String {
        let bytes: [UInt8]
        do {
            let descriptor = try FileSystem.openForReading(path)
            defer { close(descriptor) }
            let status = try FileSystem.status(ofDescriptor: descriptor, path: path)
            guard case .regularFile(let size) = status.kind else {
                throw SigningKeyStoreError.io(path: path, reason: "is not a regular file")
            }
            try requireOwnedByUs(path, status)
            guard status.hasNoForeignAccess else {
                throw SigningKeyStoreError.permissions(path: path, mode: Int(status.permissions & 0o777), expected: 0o600)
            }
            // Keys, certificates and the state file are a few kilobytes; anything large is not ours.
            guard size <= 1_048_576 else { throw SigningKeyStoreError.io(path: path, reason: "is larger than 1 MiB") }
            bytes = try FileSystem.contents(ofDescriptor: descriptor, path: path, limit: 1_048_576)
        } catch let error as SigningKeyStoreError {
            throw error
        } catch let error as SystemCallError {
            throw .io(path: path, reason: error.reason)
        } catch {
            throw .io(path: path, reason: "\(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .io(path: path, reason: "is not UTF-8 text") }
        return text
    }

    /// Writes `text` to a new owner-only file, synced to disk; an existing file is never overwritten.
    static func writeNew(_ path: String, _ text: String) throws(SigningKeyStoreError) {
        do throws(SystemCallError) {
            let descriptor = try SystemCalls.open(path, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            defer { close(descriptor) }
            do throws(SystemCallError) {
                try FileSystem.writeAndSync(Array(text.utf8), to: descriptor, path: path)
            } catch {
                unlink(path)
                throw error
            }
        } catch {
            throw .io(path: path, reason: error.reason)
        }
    }

    /// Replaces `path` with a file holding `text`, atomically: readers see the old file or the new one.
    static func replace(_ path: String, with text: String, directory: String) throws(SigningKeyStoreError) {
        let temporary = path + ".new"
        unlink(temporary)
        try writeNew(temporary, text)
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        syncDirectory(directory)
    }

    /// Makes a rename or an unlink in `directory` durable.
    static func syncDirectory(_ directory: String) {
        FileSystem.syncDirectory(directory)
    }

    /// The names in `directory`, without `.` and `..`.
    static func entries(_ directory: String) throws(SigningKeyStoreError) -> [String] {
        do {
            return try FileSystem.entries(ofDirectory: directory)
        } catch {
            throw .io(path: directory, reason: error.reason)
        }
    }

    /// Runs `body` holding an exclusive `flock` on `path`, so two `portico keys` commands (or one and a
    /// first start) never interleave their writes.
    static func withLock<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        let descriptor: Int32
        do {
            descriptor = try SystemCalls.open(path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        } catch {
            throw SigningKeyStoreError.io(path: path, reason: error.reason)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SigningKeyStoreError.io(path: path, reason: errorText()) }
        }
        return try body()
    }
}
