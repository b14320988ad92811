import System

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
        let names: [String]
        do {
            let status = try FileSystem.status(of: directory, followingLinks: true)
            guard visited.insert(FileIdentity(device: status.device, inode: status.inode)).inserted else { return }
            names = try FileSystem.entries(ofDirectory: directory)
        } catch {
            throw TemplateError(message: "cannot read templates directory '\(directory)': \(error.reason)")
        }
        for entry in names where !entry.hasPrefix(".") {
            let path = "\(directory)/\(entry)"
            let relative = relativePath.isEmpty ? entry : "\(relativePath)/\(entry)"
            let kind: FileSystem.Kind
            do {
                kind = try FileSystem.kind(of: path, followingLinks: true)
            } catch {
                throw TemplateError(file: relative, message: "cannot read: \(error.reason)")
            }
            if kind == .directory {
                try collect(directory: path, relativePath: relative, into: &sources, visited: &visited)
            } else if case .regularFile = kind, entry.hasSuffix(".\(TemplateCompiler.fileExtension)") {
                let name = String(relative.dropLast(TemplateCompiler.fileExtension.count + 1))
                do {
                    sources[name] = try FileSystem.contents(ofFile: path, followingLinks: true)
                } catch {
                    throw TemplateError(file: relative, message: "cannot read: \(error.reason)")
                }
            }
        }
    }
}
