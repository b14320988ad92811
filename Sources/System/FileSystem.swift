import Glibc

/// The file-system calls Portico makes outside the event loops: static files, templates, the server secret,
/// signing keys and directory files. Each retries `EINTR` and throws a `SystemCallError` naming the call
/// and the path; reading a whole file is one loop, here.
package enum FileSystem {
    package enum Kind: Equatable {
        case regularFile(size: Int)
        case directory
        case symbolicLink
        case other
    }

    /// What a path is, with the facts the callers check before trusting a file.
    package struct Status {
        package var kind: Kind
        /// The permission bits (`0o600`).
        package var permissions: mode_t
        package var owner: uid_t
        package var device: UInt64
        package var inode: UInt64
        package var modified: (seconds: Int, nanoseconds: Int)

        init(_ info: stat) {
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regularFile(size: Int(info.st_size))
            case S_IFDIR: kind = .directory
            case S_IFLNK: kind = .symbolicLink
            default: kind = .other
            }
            permissions = info.st_mode & 0o7777
            owner = info.st_uid
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            modified = (info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
        }
    }

    /// What `path` is; without `followingLinks` a final symbolic link is reported as such.
    package static func status(of path: String, followingLinks: Bool = false) throws(SystemCallError) -> Status {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw SystemCallError(call: followingLinks ? "stat" : "lstat", errorNumber: errno, path: path) }
        return Status(info)
    }

    /// The status of an open file.
    package static func status(ofDescriptor descriptor: Int32, path: String) throws(SystemCallError) -> Status {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SystemCallError(call: "fstat", errorNumber: errno, path: path) }
        return Status(info)
    }

    /// What `path` itself is, without following a final symbolic link.
    package static func kind(of path: String, followingLinks: Bool = false) throws(SystemCallError) -> Kind {
        try status(of: path, followingLinks: followingLinks).kind
    }

    /// Whether anything (a dangling link included) is at `path`.
    package static func exists(_ path: String) -> Bool {
        (try? status(of: path)) != nil
    }

    /// The absolute path with every symbolic link, `.` and `..` resolved.
    package static func realPath(_ path: String) throws(SystemCallError) -> String {
        guard let resolved = realpath(path, nil) else { throw SystemCallError(call: "realpath", errorNumber: errno, path: path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a directory, without `.` and `..`, sorted so that walks are deterministic.
    package static func entries(ofDirectory path: String) throws(SystemCallError) -> [String] {
        guard let directory = opendir(path) else { throw SystemCallError(call: "opendir", errorNumber: errno, path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Opens a file for reading; with `followingLinks: false` a symbolic link in the last component is refused.
    package static func openForReading(_ path: String, followingLinks: Bool = false) throws(SystemCallError) -> Int32 {
        try SystemCalls.open(path, flags: O_RDONLY | (followingLinks ? 0 : O_NOFOLLOW))
    }

    /// Opens a file to send it, with its size as it is now (it may have changed since indexing).
    package static func openForSending(_ path: String) throws(SystemCallError) -> (descriptor: Int32, size: Int) {
        let descriptor = try openForReading(path)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = SystemCallError(call: "fstat", errorNumber: errno, path: path)
            close(descriptor)
            throw failure
        }
        return (descriptor, Int(info.st_size))
    }

    /// Calls `body` with successive chunks of an open file until its end.
    package static func forEachChunk(
        ofDescriptor descriptor: Int32, path: String, _ body: (UnsafeRawBufferPointer) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count: Int
            do {
                count = try SystemCalls.read(descriptor, into: chunk)
            } catch {
                throw SystemCallError(call: error.call, errorNumber: error.errorNumber, path: path)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    /// Calls `body` with successive chunks of a file until its end.
    package static func forEachChunk(
        ofFile path: String, followingLinks: Bool = false, _ body: (UnsafeRawBufferPointer) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        let descriptor = try openForReading(path, followingLinks: followingLinks)
        defer { close(descriptor) }
        try forEachChunk(ofDescriptor: descriptor, path: path, body)
    }

    /// The rest of an open file; more than `limit` bytes is `EFBIG`.
    package static func contents(ofDescriptor descriptor: Int32, path: String, limit: Int = .max) throws(SystemCallError) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(ofDescriptor: descriptor, path: path) { (chunk) throws(SystemCallError) in
            guard chunk.count <= limit - bytes.count else { throw SystemCallError(call: "read", errorNumber: EFBIG, path: path) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// The whole content of a file; more than `limit` bytes is `EFBIG`, found from the size of a regular
    /// file before anything is read, and from a pipe or a device once `limit` bytes have come.
    package static func contents(ofFile path: String, followingLinks: Bool = false, limit: Int = .max) throws(SystemCallError) -> [UInt8] {
        let descriptor = try openForReading(path, followingLinks: followingLinks)
        defer { close(descriptor) }
        if case .regularFile(let size) = try status(ofDescriptor: descriptor, path: path).kind, size > limit {
            throw SystemCallError(call: "read", errorNumber: EFBIG, path: path)
        }
        return try contents(ofDescriptor: descriptor, path: path, limit: limit)
    }

    /// Writes all of `bytes` to an open file and syncs it to the disk.
    package static func writeAndSync(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SystemCallError) {
        do {
            try bytes.withUnsafeBytes { try SystemCalls.writeAll(descriptor, $0) }
            try SystemCalls.sync(descriptor)
        } catch let error as SystemCallError {
            throw SystemCallError(call: error.call, errorNumber: error.errorNumber, path: path)
        } catch {
            preconditionFailure("only system calls throw here")
        }
    }

    /// Makes a rename or an unlink in `directory` durable; best effort, since the change itself is done.
    package static func syncDirectory(_ directory: String) {
        guard let descriptor = try? SystemCalls.open(directory, flags: O_RDONLY | O_DIRECTORY) else { return }
        try? SystemCalls.sync(descriptor)
        close(descriptor)
    }
}
