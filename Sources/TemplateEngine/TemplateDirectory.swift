import Glibc

/// Reads the `*.mustache` files under a directory, the only file I/O the engine does.
enum TemplateDirectory {
    /// Every template file under `directory`, recursively, keyed by its path relative to
    /// `directory` without the extension (`pages/home`). Hidden entries are skipped, which
    /// keeps editor and VCS droppings out.
    static func sources(in directory: String) throws(TemplateError) -> [String: [UInt8]] {
        var sources: [String: [UInt8]] = [:]
        var visited: Set<FileIdentity> = []
        try collect(directory: directory, relativePath: "", into: &sources, visited: &visited)
        return sources
    }

    /// Directories already walked, so a symbolic link back up the tree cannot loop.
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func collect(
        directory: String, relativePath: String, into sources: inout [String: [UInt8]], visited: inout Set<FileIdentity>
    ) throws(TemplateError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw TemplateError(message: "cannot read templates directory '\(directory)': \(lastError())")
        }
        guard visited.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else {
            return
        }
        for entry in try entries(of: directory) where !entry.hasPrefix(".") {
            let path = "\(directory)/\(entry)"
            let relative = relativePath.isEmpty ? entry : "\(relativePath)/\(entry)"
            guard stat(path, &info) == 0 else {
                throw TemplateError(file: relative, message: "cannot read: \(lastError())")
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                try collect(directory: path, relativePath: relative, into: &sources, visited: &visited)
            } else if info.st_mode & S_IFMT == S_IFREG, entry.hasSuffix(".\(TemplateCompiler.fileExtension)") {
                let name = String(relative.dropLast(TemplateCompiler.fileExtension.count + 1))
                sources[name] = try contents(of: path, relativePath: relative)
            }
        }
    }

    private static func entries(of directory: String) throws(TemplateError) -> [String] {
        guard let handle = opendir(directory) else {
            throw TemplateError(message: "cannot read templates directory '\(directory)': \(lastError())")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            names.append(name)
        }
        return names
    }

    private static func contents(of path: String, relativePath: String) throws(TemplateError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TemplateError(file: relativePath, message: "cannot read: \(lastError())")
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                contents.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return contents
            } else if errno != EINTR {
                throw TemplateError(file: relativePath, message: "cannot read: \(lastError())")
            }
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
