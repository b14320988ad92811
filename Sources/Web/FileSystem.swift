import Glibc

/// The few file-system calls static files need, each retrying `EINTR` and throwing an error that names
/// the call and the path. Only `StaticFiles` reads the disk, at start-up and for files too large to keep.
enum FileSystem {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let path: String
        let errorNumber: Int32

        var description: String { "\(call)(\(path)) failed: \(String(cString: strerror(errorNumber)))" }
    }

    enum Kind {
        case regularFile(size: Int)
        case directory
        case symbolicLink
        case other
    }

    /// What `path` itself is, without following a final symbolic link.
    static func kind(of path: String, followingLinks: Bool = false) throws(Failure) -> Kind {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw Failure(call: followingLinks ? "stat" : "lstat", path: path, errorNumber: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile(size: Int(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The absolute path with every symbolic link, `.` and `..` resolved.
    static func realPath(_ path: String) throws(Failure) -> String {
        guard let resolved = realpath(path, nil) else { throw Failure(call: "realpath", path: path, errorNumber: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a directory, without `.` and `..`, sorted so indexing is deterministic.
    static func entries(ofDirectory path: String) throws(Failure) -> [String] {
        guard let directory = opendir(path) else { throw Failure(call: "opendir", path: path, errorNumber: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Opens a file for reading; a symbolic link in the last component is refused (`O_NOFOLLOW`).
    static func openForReading(_ path: String) throws(Failure) -> Int32 {
        while true {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw Failure(call: "open", path: path, errorNumber: errno) }
        }
    }

    /// Opens a file to send it, with its size as it is now (it may have changed since indexing).
    static func openForSending(_ path: String) throws(Failure) -> (descriptor: Int32, size: Int) {
        let descriptor = try openForReading(path)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = Failure(call: "fstat", path: path, errorNumber: errno)
            close(descriptor)
            throw failure
        }
        return (descriptor, Int(info.st_size))
    }

    /// Calls `body` with successive chunks of a file until its end.
    static func forEachChunk(ofFile path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "read", path: path, errorNumber: errno)
            }
            body(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    /// The whole content of a file.
    static func contents(ofFile path: String) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(ofFile: path) { bytes.append(contentsOf: $0) }
        return bytes
    }
}
