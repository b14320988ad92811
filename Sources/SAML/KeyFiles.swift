import Glibc

/// The file-system calls the signing-key store makes: owner-only files written whole and synced, read
/// back with their permissions checked, replaced by rename. Every failure names the path.
enum KeyFiles {
    /// Bits that must be clear on every file and on the directory: nothing for group or others.
    static let foreignAccess: mode_t = 0o077

    static func errorText() -> String { String(cString: strerror(errno)) }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The stamp of `path`, nil when it does not exist or cannot be examined.
    static func stamp(_ path: String) -> SigningKeyStore.Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return SigningKeyStore.Stamp(
            inode: UInt64(info.st_ino), size: Int64(info.st_size), modifiedSeconds: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec))
    }

    /// Creates `path` as an owner-only directory, or checks that the existing one is owner-only.
    static func ensurePrivateDirectory(_ path: String) throws(SigningKeyStoreError) {
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT, mkdir(path, 0o700) == 0 else { throw .io(path: path, reason: errorText()) }
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .io(path: path, reason: "exists but is not a directory") }
        try requireOwnedByUs(path, info)
        guard info.st_mode & foreignAccess == 0 else { throw .permissions(path: path, mode: Int(info.st_mode & 0o777), expected: 0o700) }
    }

    /// The whole file as text, refused when it is not a regular file private to its owner.
    /// Mode bits alone do not make a file private: one owned by another account (created by root, say)
    /// can be replaced or read by that account, so keys are only trusted in files of the user Portico runs as.
    static func requireOwnedByUs(_ path: String, _ info: stat) throws(SigningKeyStoreError) {
        guard info.st_uid == geteuid() else {
            throw .io(path: path, reason: "belongs to user id \(info.st_uid), not to the user Portico runs as (\(geteuid())); chown it")
        }
    }

    static func readPrivate(_ path: String) throws(SigningKeyStoreError) -> String {
        var descriptor: Int32
        repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw .io(path: path, reason: errorText()) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, reason: errorText()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .io(path: path, reason: "is not a regular file") }
        try requireOwnedByUs(path, info)
        guard info.st_mode & foreignAccess == 0 else { throw .permissions(path: path, mode: Int(info.st_mode & 0o777), expected: 0o600) }
        // Keys, certificates and the state file are a few kilobytes; anything large is not ours.
        guard info.st_size <= 1_048_576 else { throw .io(path: path, reason: "is larger than 1 MiB") }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: errorText())
            }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .io(path: path, reason: "is not UTF-8 text") }
        return text
    }

    /// Writes `text` to a new owner-only file, synced to disk; an existing file is never overwritten.
    static func writeNew(_ path: String, _ text: String) throws(SigningKeyStoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .io(path: path, reason: errorText()) }
        var failure: String?
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errorText()
                break
            }
            written += count
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errorText() }
        close(descriptor)
        if let failure {
            unlink(path)
            throw .io(path: path, reason: failure)
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
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The names in `directory`, without `.` and `..`.
    static func entries(_ directory: String) throws(SigningKeyStoreError) -> [String] {
        guard let handle = opendir(directory) else { throw .io(path: directory, reason: errorText()) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Runs `body` holding an exclusive `flock` on `path`, so two `portico keys` commands (or one and a
    /// first start) never interleave their writes.
    static func withLock<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw SigningKeyStoreError.io(path: path, reason: errorText()) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SigningKeyStoreError.io(path: path, reason: errorText()) }
        }
        return try body()
    }
}
